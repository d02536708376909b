#pragma once
// The chip's persistent state as plain values. The NVM (state_store.h) is where it lives; this is
// the decoded view that handlers read, tests inspect and the JSON form mirrors.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "simulator/stsafe_a120/command_authorization.h"
#include "simulator/stsafe_a120/data_partitions.h"
#include "simulator/stsafe_a120/key_info.h"
#include "simulator/stsafe_a120/local_envelope_keys.h"
#include "simulator/stsafe_a120/password.h"
#include "simulator/stsafe_a120/private_keys.h"
#include "simulator/stsafe_a120/public_key_slots.h"

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kSymmetricSlotCount = 16;  // SPL05 (fact sheet 2.8)
inline constexpr uint8_t kNoKeySlot = 0xFF;
// What the model's NVM reserves for the product data TLVs (state_store.cc layout).
inline constexpr size_t kMaxProductDataLength = 254;

// Query/put tag 0x08 values (fact sheet 2.5).
enum class LifeCycle : uint8_t {
  kBorn = 0x01,
  kPatching = 0x02,
  kOperational = 0x03,
  kTerminated = 0x04,
  kBornLocked = 0x81,
  kOperationalLocked = 0x83,
};
std::optional<LifeCycle> life_cycle_from_byte(uint8_t value);
std::string_view life_cycle_name(LifeCycle lcs);  // the JSON spelling, e.g. "born_locked"

enum class HostKeyType : uint8_t { kAes128 = 0, kAes256 = 1 };
size_t host_key_length(HostKeyType type);  // bytes of each of the two keys

// Host key slot V2 (query tag 0x47).
struct HostKeySlot {
  bool present = false;
  HostKeyType type = HostKeyType::kAes128;
  std::vector<uint8_t> mac_key;     // host_key_length(type) bytes when present, else empty
  std::vector<uint8_t> cipher_key;  // same
  uint32_t cmac_counter = 0;
  bool operator==(const HostKeySlot&) const = default;
};

// Host key provisioning control fields, tag 0x4A (fact sheet 2.6). Factory: 0A FF (8.4).
struct HostKeyControl {
  bool change_right = true;
  bool reprovision = false;
  bool plaintext = true;
  bool wrapped_anonymous = false;
  uint8_t authentication_key_slot = kNoKeySlot;

  static constexpr uint8_t kFillerMask = 0xF0;  // byte 0 bits 7..4 must be zero
  std::array<uint8_t, 2> encode() const;
  static HostKeyControl decode(std::span<const uint8_t, 2> bytes);  // filler bits ignored
  bool operator==(const HostKeyControl&) const = default;
};

// Symmetric key slot provisioning control fields, tag 0x4B (fact sheet 2.7). Factory: 08 FF FF.
struct SymmetricSlotControl {
  bool ecdhe_anonymous = false;
  bool wrapped_anonymous = false;
  bool put_key = false;
  bool change_right = true;
  bool plaintext = false;
  bool derived = false;
  uint8_t wrapped_authentication_key_slot = kNoKeySlot;
  uint8_t ecdhe_authentication_key_slot = kNoKeySlot;

  static constexpr uint8_t kFillerMask = 0xC0;  // byte 0 bits 7..6 must be zero
  std::array<uint8_t, 3> encode() const;
  static SymmetricSlotControl decode(std::span<const uint8_t, 3> bytes);
  bool operator==(const SymmetricSlotControl&) const = default;
};

// I2C parameters, tag 0x0A (fact sheet 2.5): byte 0 = address << 1; byte 1 = idle time << 3 |
// low-power mode << 1 | lock.
enum class LowPowerMode : uint8_t { kNone = 0, kStandby = 2 };
struct I2cParameters {
  uint8_t address7 = 0x20;
  bool locked = false;
  LowPowerMode low_power = LowPowerMode::kNone;
  uint8_t idle_time = 0;  // 0..31, standby after (idle_time + 1) * 50 ms

  std::array<uint8_t, 2> encode() const;
  // nullopt when a reserved bit or mode is set or the address is one I2C reserves.
  static std::optional<I2cParameters> decode(std::span<const uint8_t, 2> bytes);
  bool operator==(const I2cParameters&) const = default;
};
bool is_usable_i2c_address(uint8_t address7);

// One symmetric key slot (fact sheet 2.8). info.slot is the slot's own index.
struct SymmetricKeySlot {
  bool present = false;
  SymmetricKeyInfo info;     // meaningful when present
  std::vector<uint8_t> key;  // symmetric_key_length(info) bytes when present, else empty
  // CCM keys with a counter: the value the next encryption puts into its nonce. Starts at 0 when
  // the key is written (fact sheet 8.10 gives no other value).
  uint32_t counter = 0;
  bool operator==(const SymmetricKeySlot&) const = default;
};

struct State {
  LifeCycle life_cycle = LifeCycle::kOperational;
  uint64_t random_seed = 0;
  uint32_t random_counter = 0;        // generate-random commands served so far
  std::vector<uint8_t> product_data;  // query 0x11 answer: a TLV list
  I2cParameters i2c;
  HostKeySlot host_key;
  HostKeyControl host_key_control;
  std::array<SymmetricSlotControl, kSymmetricSlotCount> symmetric_key_control;
  std::array<SymmetricKeySlot, kSymmetricSlotCount> symmetric_keys;
  CommandAccessTable command_access;
  std::vector<DataPartition> data_partitions;  // in table order (query 0x12)
  PrivateKeyTable private_keys;                // query 0x14 (private_keys.h)
  PublicKeyTable public_keys;                  // generic public key slots, query 0x48 / 0x4C (public_key_slots.h)
  std::array<LocalEnvelopeKey, kLocalEnvelopeSlotCount> local_envelope_keys;  // query 0x07
  PasswordSlot password;                                                      // query 0x09
  bool operator==(const State&) const = default;
};

// Fresh from the factory (fact sheet 8.4 and 8.2).
State factory_state();
std::vector<uint8_t> default_product_data();

// Empty string when bytes are a well-formed product-data TLV list whose first TLV is the 3-byte
// mask id the host library checks (fact sheet 2.5, query 0x11); else what is wrong.
std::string_view product_data_problem(std::span<const uint8_t> bytes);

}  // namespace kb::sim::stsafe_a120
