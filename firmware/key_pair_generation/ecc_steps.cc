#include "firmware/key_pair_generation/ecc_steps.h"

#include "core/stsafe/ecc_fields.h"

namespace kb::fw::ecc {

namespace {

using core::Code;
using core::Status;
using core::stsafe::EccCurve;

struct CurveName {
  EccCurve curve;
  const char* option;
  const char* label;
  hal::EcCurve host;
  size_t digest;
};

constexpr CurveName kCurves[] = {
    {EccCurve::kNistP256, "p256", "NIST P-256", hal::EcCurve::kNistP256, 32},
    {EccCurve::kNistP384, "p384", "NIST P-384", hal::EcCurve::kNistP384, 48},
    {EccCurve::kNistP521, "p521", "NIST P-521", hal::EcCurve::kNistP521, 64},
    {EccCurve::kBrainpoolP256r1, "bp256", "Brainpool P-256r1", hal::EcCurve::kBrainpoolP256r1, 32},
    {EccCurve::kBrainpoolP384r1, "bp384", "Brainpool P-384r1", hal::EcCurve::kBrainpoolP384r1, 48},
    {EccCurve::kBrainpoolP512r1, "bp512", "Brainpool P-512r1", hal::EcCurve::kBrainpoolP512r1, 64},
    {EccCurve::kCurve25519, "x25519", "X25519", hal::EcCurve::kX25519, 0},
    {EccCurve::kEd25519, "ed25519", "Ed25519", hal::EcCurve::kEd25519, 0},
};

const CurveName& entry(EccCurve curve) {
  for (const auto& c : kCurves) {
    if (c.curve == curve) return c;
  }
  return kCurves[0];
}

// Bits 5..4 of the slot's mode, coded as a command access condition.
const char* generate_access_name(uint8_t bits) {
  switch (bits) {
    case 0: return "NEVER";
    case 1: return "FREE";
    case 2: return "ADMIN";
    case 3: return "HOST";
  }
  return "(unknown)";
}

const char* slot_curve_text(const core::stsafe::PrivateKeySlotInfo& info) {
  return info.present ? curve_label(info.curve) : "none";
}

}  // namespace

std::optional<EccCurve> curve_from_option(std::string_view name) {
  for (const auto& c : kCurves) {
    if (name == c.option) return c.curve;
  }
  return std::nullopt;
}

const char* curve_option_name(EccCurve curve) {
  return entry(curve).option;
}

const char* curve_option_list() {
  return "p256|p384|p521|bp256|bp384|bp512|x25519|ed25519";
}

const char* curve_label(EccCurve curve) {
  return entry(curve).label;
}

hal::EcCurve host_curve(EccCurve curve) {
  return entry(curve).host;
}

size_t digest_bytes(EccCurve curve) {
  return entry(curve).digest;
}

void print_banner(hal::Console& c, const char* title, const char* line) {
  static constexpr char kRule[] =
      "----------------------------------------------------------------------------------------------------------------"
      "\n";
  c.write(kRule);
  c.print("- %-108s -\n", title);
  c.write(kRule);
  c.print("- %-108s -\n", line);
  c.write(kRule);
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[128];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

void print_hex_block(hal::Console& c, std::span<const uint8_t> bytes, const char* indent) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 16 == 0) {
      if (i != 0) c.write("\n");
      c.write(indent);
    } else {
      c.write(" ");
    }
    c.print("0x%02X", bytes[i]);
  }
  c.write("\n");
}

Status generate_key_pair(hal::Console& c, core::stsafe::Stsafe& se, uint8_t slot, EccCurve curve, uint16_t usage_limit,
                         std::span<uint8_t> public_key) {
  auto table = se.query_private_key_table();
  if (!table.ok()) return report(c, "stse_get_ecc_key_table_info", table.status());
  const core::stsafe::PrivateKeySlotInfo* info = table->find(slot);
  if (info == nullptr) {
    c.print("\n ## Slot %u is not in the chip's private key table (%u slots)\n", static_cast<unsigned>(slot),
            static_cast<unsigned>(table->count));
    return Code::kInvalidArgument;
  }
  c.print(" - Private key slot %u: key %s (curve %s), generate key pair allowed: %s\n", static_cast<unsigned>(slot),
          info->present ? "present" : "absent", slot_curve_text(*info),
          generate_access_name(info->mode.generate_key_access));
  c.print("\n - Generate a %s key pair in slot %u (usage limit %u)\n", curve_label(curve), static_cast<unsigned>(slot),
          static_cast<unsigned>(usage_limit));
  if (Status s = se.generate_key_pair(slot, curve, usage_limit, public_key); !s.ok()) {
    if (s.code() == Code::kDeviceStatus && s.device_status() == 0x11) {
      c.print("\n ## The chip does not let this host generate a key in slot %u (its generate-key access condition)\n",
              static_cast<unsigned>(slot));
    }
    return report(c, "stse_generate_ecc_key_pair", s);
  }
  c.print("\t o public key (%u bytes):\n", static_cast<unsigned>(public_key.size()));
  print_hex_block(c, public_key);
  return Code::kOk;
}

}  // namespace kb::fw::ecc
