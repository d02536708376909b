#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"

#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/info.h"
#include "core/atecc/commands/lock.h"
#include "core/atecc/config_zone.h"
#include "firmware/console_format.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::atecc::Atecc;
using core::atecc::ConfigZone;
namespace cmd = core::atecc::commands;

constexpr size_t kFirstCounterByte = 52, kLastCounterByte = 67;
constexpr size_t kFirstSlotLockedByte = 88, kLastSlotLockedByte = 89;
// SlotConfig bit 13 (WriteConfig bit 1): GenKey may create a key after the data lock.
constexpr uint16_t kGenKeyAfterLock = 1u << 13;

bool inside(size_t at, size_t first, size_t last) {
  return at >= first && at <= last;
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[96];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

const char* locked_name(bool locked) {
  return locked ? "LOCKED" : "UNLOCKED";
}

void print_public_key(hal::Console& c, uint8_t slot, std::span<const uint8_t, cmd::kPublicKeyBytes> key) {
  c.print("\n - Public key of slot %u (X | Y) :\n\n", static_cast<unsigned>(slot));
  print_hex_line(c, key.first(32));
  print_hex_line(c, key.last(32));
}

// The first byte a locked or written chip differs from the profile on, or kConfigZoneBytes.
size_t first_difference(const ConfigZone& chip, const ConfigZone& profile, bool (*counts)(size_t)) {
  for (size_t i = 0; i < chip.size(); ++i) {
    if (counts(i) && chip[i] != profile[i]) return i;
  }
  return chip.size();
}

Status report_difference(hal::Console& c, const char* what, size_t at, const ConfigZone& chip,
                         const ConfigZone& profile) {
  c.print("\n ## %s : config byte %u is 0x%02X, the profile wants 0x%02X\n", what, static_cast<unsigned>(at), chip[at],
          profile[at]);
  return Code::kRefused;
}

// Writes the profile over an unlocked config zone, reads it back, compares, locks it with the CRC
// of what it read. The lock only happens when the chip holds exactly what was compared: the chip
// checks the CRC against its own bytes.
Status configure(hal::Console& c, Atecc& chip, const AteccConfigProfile& profile, ConfigZone& config) {
  const ConfigZone image = atecc_config_after_writes(profile, config);
  c.write("\n - Writing the configuration (config bytes 16-83, 88-127)\n");
  if (Status s = core::atecc::write_config_zone(chip, image); !s.ok()) return report(c, "atcab_write_config_zone", s);
  if (Status s = core::atecc::read_config_zone(chip, config); !s.ok()) return report(c, "atcab_read_config_zone", s);
  if (size_t at = first_difference(config, image, atecc_factory_writes_config_byte); at != config.size()) {
    c.print("\n ## Configuration read back differs : config byte %u is 0x%02X, 0x%02X was written\n",
            static_cast<unsigned>(at), config[at], image[at]);
    return Code::kResponseMalformed;
  }
  c.write(" - Configuration read back : MATCH\n");
  c.print(" - Locking the config zone (CRC 0x%04X)\n", core::atecc::config_lock_crc(config));
  if (Status s = core::atecc::lock_config_zone(chip, config); !s.ok()) return report(c, "atcab_lock_config_zone", s);
  c.write(" - Config zone lock : PASS\n");
  return Status();
}

// Each slot the profile names ends holding a P-256 key whose public key is printed: generated
// while the data zone is open (again on every run, so a key a power cut tore is replaced), or
// read from the chip once the data zone is locked.
Status provision_keys(hal::Console& c, Atecc& chip, const AteccConfigProfile& profile, const ConfigZone& config,
                      bool data_locked) {
  for (uint8_t slot = 0; slot < kAteccSlotCount; ++slot) {
    if (!profile.generate_key[slot]) continue;
    std::array<uint8_t, cmd::kPublicKeyBytes> public_key{};
    bool generate = !data_locked;
    if (data_locked) {
      const auto valid = cmd::info_key_valid(chip, slot);
      if (!valid.ok()) return report(c, "atcab_info_get_latch (KeyValid)", valid.status());
      if (!*valid) {
        const bool may_create = (core::atecc::slot_config(config, slot) & kGenKeyAfterLock) != 0;
        if (!may_create || core::atecc::slot_locked(config, slot)) {
          c.print("\n ## Data zone is locked and slot %u holds no key it can create\n", static_cast<unsigned>(slot));
          return Code::kRefused;
        }
        generate = true;
      }
    }
    if (generate) {
      c.print("\n - Generating a P-256 private key in slot %u\n", static_cast<unsigned>(slot));
      if (Status s = cmd::genkey_private(chip, slot, public_key); !s.ok()) return report(c, "atcab_genkey", s);
    } else {
      c.print("\n - Slot %u already holds a key\n", static_cast<unsigned>(slot));
      if (Status s = cmd::genkey_public(chip, slot, public_key); !s.ok()) {
        return report(c, "atcab_get_pubkey", s);
      }
    }
    print_public_key(c, slot, public_key);
  }
  return Status();
}

}  // namespace

bool atecc_profile_compares_byte(size_t at) {
  return atecc_factory_writes_config_byte(at) && !inside(at, kFirstCounterByte, kLastCounterByte) &&
         !inside(at, kFirstSlotLockedByte, kLastSlotLockedByte);
}

Status run_atecc_configure_and_lock(hal::Platform& platform, const AteccConfigureAndLockOptions& options) {
  hal::Console& c = platform.console;
  const AteccConfigProfile& profile = options.profile;
  c.print("\n - ATECC608A configure and lock, profile \"%s\"\n", options.profile_name);

  core::atecc::TransportOptions transport;
  transport.address7 = options.address7;
  Atecc chip(platform.i2c, platform.clock, transport);

  const auto revision = cmd::info_revision(chip);
  if (!revision.ok()) return report(c, "atcab_info", revision.status());
  c.write("\n - Revision :\n\n");
  print_hex_line(c, *revision);

  ConfigZone config{};
  if (Status s = core::atecc::read_config_zone(chip, config); !s.ok()) return report(c, "atcab_read_config_zone", s);
  c.write("\n - Serial number :\n\n");
  print_hex_line(c, core::atecc::serial_number(config));
  const bool config_locked = core::atecc::config_zone_locked(config);
  const bool data_locked = core::atecc::data_zone_locked(config);
  c.print("\n - Config zone : %s\n - Data zone   : %s\n", locked_name(config_locked), locked_name(data_locked));

  if (!config_locked) {
    if (Status s = configure(c, chip, profile, config); !s.ok()) return s;
  } else if (size_t at = first_difference(config, profile.config, atecc_profile_compares_byte); at != config.size()) {
    return report_difference(c, "Config zone is locked with another configuration", at, config, profile.config);
  } else {
    c.write("\n - Config zone already locked with this profile's configuration\n");
  }

  if (Status s = provision_keys(c, chip, profile, config, data_locked); !s.ok()) return s;

  if (!profile.lock_data_zone) {
    c.write("\n - Data zone left unlocked, as the profile asks\n");
  } else if (data_locked) {
    c.write("\n - Data zone already locked\n");
  } else {
    c.write("\n - Locking the data zone\n");
    if (Status s = cmd::lock_data_unchecked(chip); !s.ok()) return report(c, "atcab_lock_data_zone", s);
    c.write(" - Data zone lock : PASS\n");
  }

  c.write("\n - atecc_configure_and_lock : PASS\n\n");
  return Status();
}

}  // namespace kb::fw
