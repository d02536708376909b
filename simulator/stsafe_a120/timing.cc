#include "simulator/stsafe_a120/timing.h"

#include "simulator/stsafe_a120/command_names.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kExtendedPrefix = 0x1F;
constexpr uint8_t kCodeMask = 0x1F;

// Indexed by standard command code 0x00..0x1C (fact sheet section 5).
constexpr std::array<uint32_t, 0x1D> kStandardMs = {
    2,    // 0x00 echo
    2,    // 0x01 reset
    4,    // 0x02 generate random
    22,   // 0x03 start session
    23,   // 0x04 decrement
    23,   // 0x05 read
    22,   // 0x06 update
    26,   // 0x07 increment
    500,  // 0x08 derive LoRa key
    23,   // 0x09 generate MAC
    23,   // 0x0A verify MAC
    500,  // 0x0B unwrap issuer envelope
    500,  // 0x0C delete
    500,  // 0x0D hibernate
    3,    // 0x0E wrap local envelope
    3,    // 0x0F unwrap local envelope
    500,  // 0x10 put attribute
    32,   // 0x11 generate key
    500,  // 0x12 put key
    500,  // 0x13 configure
    5,    // 0x14 query
    500,  // 0x15 get signature
    37,   // 0x16 generate signature
    62,   // 0x17 verify signature
    83,   // 0x18 establish key
    500,  // 0x19 standby
    500,  // 0x1A verify password
    5,    // 0x1B encrypt
    6,    // 0x1C decrypt
};

std::string snake_case(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ') {
      out += '_';
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string known_names() {
  std::string list;
  for (const std::string& n : timing_names()) list += (list.empty() ? "" : ", ") + n;
  return list;
}
}  // namespace

uint32_t standard_command_time_ms(uint8_t code) {
  return code < kStandardMs.size() ? kStandardMs[code] : kUncharacterisedMs;
}

uint32_t extended_command_time_ms(uint8_t /*ext_code*/) {
  return kUncharacterisedMs;
}

Nanoseconds busy_time_for_header(uint8_t header_byte) {
  const uint8_t code = header_byte & kCodeMask;
  const uint32_t ms = code == kExtendedPrefix ? extended_command_time_ms(0) : standard_command_time_ms(code);
  return ms * kMillisecond;
}

std::string timing_name(uint8_t code, std::optional<uint8_t> ext_code) {
  return snake_case(ext_code ? extended_command_name(*ext_code) : standard_command_name(code));
}

std::vector<std::string> timing_names() {
  std::vector<std::string> names;
  for (unsigned code = 0; code < kExtendedPrefix; ++code) {
    std::string n = timing_name(static_cast<uint8_t>(code), std::nullopt);
    if (!n.empty()) names.push_back(std::move(n));
  }
  for (unsigned ext = 0; ext < 0x100; ++ext) {
    std::string n = timing_name(kExtendedPrefix, static_cast<uint8_t>(ext));
    if (!n.empty()) names.push_back(std::move(n));
  }
  return names;
}

CommandTimes::CommandTimes() {
  for (size_t code = 0; code < standard_.size(); ++code) standard_[code] = standard_command_time_ms(uint8_t(code));
  for (size_t ext = 0; ext < extended_.size(); ++ext) extended_[ext] = extended_command_time_ms(uint8_t(ext));
}

uint32_t CommandTimes::standard_ms(uint8_t code) const {
  return standard_[code & kCodeMask];
}

uint32_t CommandTimes::extended_ms(uint8_t ext_code) const {
  return extended_[ext_code];
}

Nanoseconds CommandTimes::busy_time(std::span<const uint8_t> frame) const {
  if (frame.empty()) return 0;
  const uint8_t code = frame[0] & kCodeMask;
  uint32_t ms = 0;
  if (code != kExtendedPrefix) {
    ms = standard_ms(code);
  } else {
    ms = frame.size() > 1 ? extended_ms(frame[1]) : kUncharacterisedMs;
  }
  return Nanoseconds{ms} * kMillisecond;
}

CommandTimes CommandTimes::from_json(const JsonView& timing_ms) {
  if (!timing_ms.raw().is_object()) timing_ms.fail("expected an object of command names and milliseconds");
  CommandTimes times;
  for (const auto& [name, value] : timing_ms.raw().items()) {
    const JsonView v = timing_ms.at(name);
    std::optional<uint8_t> code, ext;
    for (unsigned c = 0; c < kExtendedPrefix && !code; ++c) {
      if (timing_name(static_cast<uint8_t>(c), std::nullopt) == name) code = static_cast<uint8_t>(c);
    }
    for (unsigned e = 0; e < 0x100 && !code && !ext; ++e) {
      if (timing_name(kExtendedPrefix, static_cast<uint8_t>(e)) == name) ext = static_cast<uint8_t>(e);
    }
    if (!code && !ext) v.fail("unknown command name \"" + name + "\" (known: " + known_names() + ")");
    // Whole milliseconds only: JSON integers, not strings, fractions or negative numbers.
    if (!value.is_number_integer()) v.fail("expected a whole number of milliseconds");
    if (!value.is_number_unsigned() && value.get<int64_t>() < 0) {
      v.fail("expected a whole number of milliseconds, not a negative one");
    }
    const uint64_t ms = value.get<uint64_t>();
    if (ms > kMaxTimingOverrideMs) {
      v.fail("value " + std::to_string(ms) + " is above the maximum " + std::to_string(kMaxTimingOverrideMs) + " ms");
    }
    if (code) {
      times.standard_[*code] = static_cast<uint32_t>(ms);
    } else {
      times.extended_[*ext] = static_cast<uint32_t>(ms);
    }
    times.overrides_[name] = static_cast<uint32_t>(ms);
  }
  return times;
}

nlohmann::json CommandTimes::overrides_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, ms] : overrides_) j[name] = ms;
  return j;
}

}  // namespace kb::sim::stsafe_a120
