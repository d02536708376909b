#include "tools/keybench/atecc_profile.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

#include "simulator/fixture/json_view.h"

namespace kb::tools {

namespace {

using sim::JsonView;

// Config zone offsets (fact sheet B7.1).
constexpr size_t kI2cAddress = 16;
constexpr size_t kCountMatch = 18;
constexpr size_t kChipMode = 19;
constexpr size_t kSlotConfig = 20;
constexpr size_t kCounter0 = 52;
constexpr size_t kCounterSize = 8;
constexpr size_t kUseLock = 68;
constexpr size_t kVolatileKeyPermission = 69;
constexpr size_t kSecureBoot = 70;
constexpr size_t kKdfIvLoc = 72;
constexpr size_t kKdfIvStr = 73;
constexpr size_t kSlotLocked = 88;
constexpr size_t kChipOptions = 90;
constexpr size_t kX509Format = 92;
constexpr size_t kKeyConfig = 96;
constexpr uint64_t kCounterMax = 2097151;  // B6.2 Counter
constexpr uint16_t kKeyConfigRfu = 0x2000;
constexpr uint8_t kKeyTypeP256 = 4;

using Config = std::array<uint8_t, fw::kAteccConfigZoneSize>;

// Fields a reader might expect that name bytes the factory cannot write; each gets its reason
// instead of a bare "unknown key".
struct ReadOnlyField {
  std::string_view key;
  std::string_view why;
};
constexpr std::array<ReadOnlyField, 8> kReadOnlyFields = {{
    {"serial_number",
     "config bytes 0-3 and 8-12 (serial number) are programmed by Microchip; Write refuses them (B7.2)"},
    {"rev_num", "config bytes 4-7 (RevNum) are programmed by Microchip; Write refuses them (B7.2)"},
    {"aes_enable", "config byte 13 (AES_Enable) is programmed by Microchip; Write refuses it (B7.2)"},
    {"i2c_enable", "config byte 14 (I2C_Enable) is programmed by Microchip; Write refuses it (B7.2)"},
    {"user_extra", "config byte 84 (UserExtra) changes only through UpdateExtra, never Write (B7.2)"},
    {"user_extra_add", "config byte 85 (UserExtraAdd) changes only through UpdateExtra, never Write (B7.2)"},
    {"lock_value", "config byte 86 (LockValue) changes only through Lock: set lock_data_zone instead (B7.2)"},
    {"lock_config", "config byte 87 (LockConfig) changes only through Lock, which the flow always sends (B7.2)"},
}};

std::string hex4(uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

// "0x" and exactly `digits` hex digits, so a field's width is visible in the file and "0x7" for a
// byte or "0x00FF" for one is refused.
uint16_t hex_field(const JsonView& v, size_t digits) {
  const std::string want = digits == 2 ? "\"0x\" and 2 hex digits (one byte)" : "\"0x\" and 4 hex digits (16 bits)";
  if (!v.raw().is_string()) v.fail("expected a string of " + want);
  const std::string s = v.raw().get<std::string>();
  uint16_t value = 0;
  const char* begin = s.data() + 2;
  const char* end = s.data() + s.size();
  const bool prefixed = s.size() == digits + 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (!prefixed || std::from_chars(begin, end, value, 16).ptr != end) {
    v.fail("expected " + want + ", got \"" + s + "\"");
  }
  return value;
}

uint8_t byte_field(const JsonView& v) {
  return static_cast<uint8_t>(hex_field(v, 2));
}

void put_u16_le(Config& c, size_t at, uint16_t v) {
  c[at] = static_cast<uint8_t>(v);
  c[at + 1] = static_cast<uint8_t>(v >> 8);
}
uint16_t get_u16_le(const Config& c, size_t at) {
  return static_cast<uint16_t>(c[at] | c[at + 1] << 8);
}

// The 8-byte config form of a counter value (B7.6): lin_a, lin_b, bin_a, bin_b, each big-endian.
void put_counter(Config& c, size_t at, uint32_t v) {
  const std::array<uint16_t, 4> fields = {
      static_cast<uint16_t>(0xFFFFu >> (v % 32)),
      static_cast<uint16_t>(v >= 16 ? 0xFFFFu >> ((v - 16) % 32) : 0xFFFFu),
      static_cast<uint16_t>(v / 32),
      static_cast<uint16_t>(v >= 16 ? (v - 16) / 32 : 0),
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    c[at + 2 * i] = static_cast<uint8_t>(fields[i] >> 8);
    c[at + 2 * i + 1] = static_cast<uint8_t>(fields[i]);
  }
}

uint8_t i2c_address_field(const JsonView& v) {
  const uint8_t address = byte_field(v);
  const uint8_t address7 = address >> 1;
  // The chip matches bits 1-7 (B5.1); bit 0 set or a reserved 7-bit address leaves no usable bus
  // address, and the bench would refuse the chip afterwards.
  if ((address & 1u) != 0 || address7 < 0x08 || address7 > 0x77) {
    v.fail("the I2C address byte is the 8-bit form: even, naming a 7-bit address 0x08..0x77 (B5.1)");
  }
  return address;
}

void parse_slots(const JsonView& list, Config& c) {
  if (list.size() != fw::kAteccSlotCount) {
    list.fail("expected 16 entries, slots 0-15 in order, got " + std::to_string(list.size()));
  }
  for (size_t i = 0; i < fw::kAteccSlotCount; ++i) {
    const JsonView e = list.at(i);
    e.expect_only({"slot", "role", "slot_config", "key_config"});
    const JsonView slot = e.at("slot");
    if (slot.as_uint(fw::kAteccSlotCount - 1) != i) {
      slot.fail("entry " + std::to_string(i) + " must describe slot " + std::to_string(i) + " (entries in slot order)");
    }
    if (e.has("role")) e.at("role").as_string();
    put_u16_le(c, kSlotConfig + 2 * i, hex_field(e.at("slot_config"), 4));
    const JsonView key_config = e.at("key_config");
    const uint16_t kc = hex_field(key_config, 4);
    if ((kc & kKeyConfigRfu) != 0) key_config.fail("KeyConfig bit 13 is reserved and must be 0 (B7.3)");
    put_u16_le(c, kKeyConfig + 2 * i, kc);
  }
}

void parse_counters(const JsonView& list, Config& c) {
  if (list.size() != 2) list.fail("expected 2 values (Counter[0], Counter[1]), got " + std::to_string(list.size()));
  for (size_t i = 0; i < 2; ++i) {
    put_counter(c, kCounter0 + kCounterSize * i, static_cast<uint32_t>(list.at(i).as_uint(kCounterMax)));
  }
}

void parse_x509_format(const JsonView& list, Config& c) {
  if (list.size() != 4) list.fail("expected 4 bytes (X509format[0..3]), got " + std::to_string(list.size()));
  for (size_t i = 0; i < 4; ++i) c[kX509Format + i] = byte_field(list.at(i));
}

Config parse_config(const JsonView& v) {
  for (const auto& f : kReadOnlyFields) {
    if (v.has(f.key)) v.at(f.key).fail(std::string(f.why));
  }
  v.expect_only({"i2c_address", "count_match", "chip_mode", "slots", "counters", "use_lock", "volatile_key_permission",
                 "secure_boot", "kdf_iv_loc", "kdf_iv_str", "slot_locked", "chip_options", "x509_format"});
  Config c{};
  c[kI2cAddress] = i2c_address_field(v.at("i2c_address"));
  c[kCountMatch] = byte_field(v.at("count_match"));
  c[kChipMode] = byte_field(v.at("chip_mode"));
  parse_slots(v.at("slots"), c);
  parse_counters(v.at("counters"), c);
  c[kUseLock] = byte_field(v.at("use_lock"));
  c[kVolatileKeyPermission] = byte_field(v.at("volatile_key_permission"));
  put_u16_le(c, kSecureBoot, hex_field(v.at("secure_boot"), 4));
  c[kKdfIvLoc] = byte_field(v.at("kdf_iv_loc"));
  put_u16_le(c, kKdfIvStr, hex_field(v.at("kdf_iv_str"), 4));
  put_u16_le(c, kSlotLocked, hex_field(v.at("slot_locked"), 4));
  put_u16_le(c, kChipOptions, hex_field(v.at("chip_options"), 4));
  parse_x509_format(v.at("x509_format"), c);
  return c;
}

// GenKey makes keys only in slots whose KeyConfig says P-256 private key (B6.2), so a profile
// asking for one elsewhere would fail on every chip: refuse it here, where the file is named.
std::array<bool, fw::kAteccSlotCount> parse_generate_keys(const JsonView& list, const Config& c) {
  std::array<bool, fw::kAteccSlotCount> generate{};
  for (size_t i = 0; i < list.size(); ++i) {
    const JsonView v = list.at(i);
    const size_t slot = v.as_uint(fw::kAteccSlotCount - 1);
    if (generate[slot]) v.fail("slot " + std::to_string(slot) + " is listed twice");
    const uint16_t kc = get_u16_le(c, kKeyConfig + 2 * slot);
    if ((kc & 1u) == 0 || ((kc >> 2) & 7u) != kKeyTypeP256) {
      v.fail("slot " + std::to_string(slot) + " has KeyConfig " + hex4(kc) +
             ", not a P-256 private key (Private bit 0 and KeyType 4, B7.3): GenKey would refuse it");
    }
    generate[slot] = true;
  }
  return generate;
}

}  // namespace

fw::AteccConfigProfile parse_atecc_profile(const nlohmann::json& profile, const std::string& source) {
  const JsonView root(profile, source);
  // The format first: a file of another format version is reported as such, not as unknown keys.
  const JsonView format = root.at("format");
  if (format.as_string() != kAteccProfileFormat) {
    format.fail("expected \"" + std::string(kAteccProfileFormat) + "\", got \"" + format.as_string() + "\"");
  }
  root.expect_only({"format", "description", "config", "generate_keys", "lock_data_zone"});
  if (root.has("description")) root.at("description").as_string();
  fw::AteccConfigProfile p;
  p.config = parse_config(root.at("config"));
  p.generate_key = parse_generate_keys(root.at("generate_keys"), p.config);
  p.lock_data_zone = root.at("lock_data_zone").as_bool();
  return p;
}

fw::AteccConfigProfile load_atecc_profile(const std::string& path) {
  // load_json_file reads through files::read_input_file and parses with parse_json_strict.
  return parse_atecc_profile(sim::load_json_file(path), path);
}

}  // namespace kb::tools
