#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

namespace {
uint8_t bit(bool value, int position) {
  return static_cast<uint8_t>((value ? 1u : 0u) << position);
}
bool test(uint8_t byte, int position) {
  return ((byte >> position) & 1u) != 0;
}
}  // namespace

std::optional<LifeCycle> life_cycle_from_byte(uint8_t value) {
  switch (value) {
    case 0x01: return LifeCycle::kBorn;
    case 0x02: return LifeCycle::kPatching;
    case 0x03: return LifeCycle::kOperational;
    case 0x04: return LifeCycle::kTerminated;
    case 0x81: return LifeCycle::kBornLocked;
    case 0x83: return LifeCycle::kOperationalLocked;
  }
  return std::nullopt;
}

std::string_view life_cycle_name(LifeCycle lcs) {
  switch (lcs) {
    case LifeCycle::kBorn: return "born";
    case LifeCycle::kPatching: return "patching";
    case LifeCycle::kOperational: return "operational";
    case LifeCycle::kTerminated: return "terminated";
    case LifeCycle::kBornLocked: return "born_locked";
    case LifeCycle::kOperationalLocked: return "operational_locked";
  }
  return "unknown";
}

size_t host_key_length(HostKeyType type) {
  return type == HostKeyType::kAes256 ? 32 : 16;
}

std::array<uint8_t, 2> HostKeyControl::encode() const {
  return {
      static_cast<uint8_t>(bit(change_right, 3) | bit(reprovision, 2) | bit(plaintext, 1) | bit(wrapped_anonymous, 0)),
      authentication_key_slot};
}

HostKeyControl HostKeyControl::decode(std::span<const uint8_t, 2> bytes) {
  HostKeyControl c;
  c.wrapped_anonymous = test(bytes[0], 0);
  c.plaintext = test(bytes[0], 1);
  c.reprovision = test(bytes[0], 2);
  c.change_right = test(bytes[0], 3);
  c.authentication_key_slot = bytes[1];
  return c;
}

std::array<uint8_t, 3> SymmetricSlotControl::encode() const {
  return {static_cast<uint8_t>(bit(ecdhe_anonymous, 0) | bit(wrapped_anonymous, 1) | bit(put_key, 2) |
                               bit(change_right, 3) | bit(plaintext, 4) | bit(derived, 5)),
          wrapped_authentication_key_slot, ecdhe_authentication_key_slot};
}

SymmetricSlotControl SymmetricSlotControl::decode(std::span<const uint8_t, 3> bytes) {
  SymmetricSlotControl c;
  c.ecdhe_anonymous = test(bytes[0], 0);
  c.wrapped_anonymous = test(bytes[0], 1);
  c.put_key = test(bytes[0], 2);
  c.change_right = test(bytes[0], 3);
  c.plaintext = test(bytes[0], 4);
  c.derived = test(bytes[0], 5);
  c.wrapped_authentication_key_slot = bytes[1];
  c.ecdhe_authentication_key_slot = bytes[2];
  return c;
}

bool is_usable_i2c_address(uint8_t address7) {
  // 0x00..0x07 and 0x78..0x7F are reserved by the I2C specification.
  return address7 >= 0x08 && address7 <= 0x77;
}

std::array<uint8_t, 2> I2cParameters::encode() const {
  return {static_cast<uint8_t>(address7 << 1),
          static_cast<uint8_t>(idle_time << 3 | static_cast<uint8_t>(low_power) << 1 | bit(locked, 0))};
}

std::optional<I2cParameters> I2cParameters::decode(std::span<const uint8_t, 2> bytes) {
  if (test(bytes[0], 0)) return std::nullopt;
  const uint8_t mode = (bytes[1] >> 1) & 0x03;
  if (mode != static_cast<uint8_t>(LowPowerMode::kNone) && mode != static_cast<uint8_t>(LowPowerMode::kStandby)) {
    return std::nullopt;
  }
  I2cParameters p;
  p.address7 = bytes[0] >> 1;
  if (!is_usable_i2c_address(p.address7)) return std::nullopt;
  p.locked = test(bytes[1], 0);
  p.low_power = static_cast<LowPowerMode>(mode);
  p.idle_time = bytes[1] >> 3;
  return p;
}

std::vector<uint8_t> default_product_data() {
  // Only the first TLV is read by the host library (mask number = bytes 1..2 of the mask id,
  // >= 0x6000 means A120). The rest follow the A110 layout of fact sheet 2.5 with placeholder
  // values: no A120 product data has been published (fact sheet 8.2).
  return {
      0x01, 0x03, 0x00, 0x60, 0x0B,                                      // mask id
      0x02, 0x09, 0x02, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // ST number
      0x03, 0x02, 0x02, 0xF0,                                            // I/O buffer size: 752
      0x04, 0x02, 0x02, 0xF0,                                            // atomicity buffer size
      0x05, 0x02, 0x20, 0x00,                                            // NVM size
      0x06, 0x02, 0x00, 0x00,                                            // test date
      0x07, 0x01, 0x01,                                                  // internal product version
      0x08, 0x02, 0x00, 0x00,                                            // module date
      0x09, 0x04, 0x00, 0x00, 0x00, 0x00,                                // firmware delivery traceability
      0x0A, 0x04, 0x00, 0x00, 0x00, 0x00,                                // blackbox traceability
      0x0B, 0x05, 'S',  'P',  'L',  '0',  '5',                           // perso id
      0x0C, 0x04, 0x00, 0x00, 0x00, 0x01,                                // perso batch id
      0x0D, 0x02, 0x00, 0x00,                                            // perso date
  };
}

std::string_view product_data_problem(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxProductDataLength) return "longer than the 254 bytes the model stores";
  if (bytes.size() < 5 || bytes[0] != 0x01 || bytes[1] != 0x03)
    return "must start with the mask id TLV 01 03 <3 bytes>";
  size_t i = 0;
  while (i < bytes.size()) {
    if (bytes.size() - i < 2) return "a TLV is cut short after its tag";
    const size_t length = bytes[i + 1];
    if (bytes.size() - i - 2 < length) return "a TLV runs past the end of the data";
    i += 2 + length;
  }
  return {};
}

State factory_state() {
  State s;
  s.product_data = default_product_data();
  s.data_partitions = factory_data_partitions();
  s.private_keys = factory_private_key_table();
  s.public_keys = factory_public_key_table();
  return s;
}

}  // namespace kb::sim::stsafe_a120
