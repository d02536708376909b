#include "simulator/stsafe_a120/state_json.h"

#include <cstdio>
#include <limits>

#include "simulator/fixture/hex.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint32_t kIdleStepMs = 50;

std::string hex_byte(uint8_t value) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

void read_flag(const JsonView& parent, std::string_view key, bool& field) {
  if (parent.has(key)) field = parent.at(key).as_bool();
}

void read_byte(const JsonView& parent, std::string_view key, uint8_t& field) {
  if (parent.has(key)) field = parent.at(key).as_u8();
}

LifeCycle read_life_cycle(const JsonView& v) {
  static constexpr LifeCycle kOrder[] = {LifeCycle::kBorn,       LifeCycle::kPatching,   LifeCycle::kOperational,
                                         LifeCycle::kTerminated, LifeCycle::kBornLocked, LifeCycle::kOperationalLocked};
  return kOrder[v.as_choice({"born", "patching", "operational", "terminated", "born_locked", "operational_locked"})];
}

I2cParameters read_i2c(const JsonView& v) {
  v.expect_only({"address", "lock", "low_power_mode", "idle_time_ms"});
  I2cParameters p;
  if (v.has("address")) {
    JsonView a = v.at("address");
    p.address7 = static_cast<uint8_t>(a.as_uint(0x7F));
    if (!is_usable_i2c_address(p.address7)) a.fail("address is reserved by the I2C specification (use 0x08..0x77)");
  }
  read_flag(v, "lock", p.locked);
  if (v.has("low_power_mode")) {
    p.low_power =
        v.at("low_power_mode").as_choice({"none", "standby"}) == 0 ? LowPowerMode::kNone : LowPowerMode::kStandby;
  }
  if (v.has("idle_time_ms")) {
    JsonView t = v.at("idle_time_ms");
    const uint64_t ms = t.as_uint(32 * kIdleStepMs);
    if (ms < kIdleStepMs || ms % kIdleStepMs != 0) t.fail("idle time must be a multiple of 50 ms from 50 to 1600");
    p.idle_time = static_cast<uint8_t>(ms / kIdleStepMs - 1);
  }
  return p;
}

HostKeySlot read_host_key(const JsonView& v) {
  HostKeySlot slot;
  slot.present = v.at("present").as_bool();
  if (!slot.present) {
    v.expect_only({"present"});
    return slot;
  }
  v.expect_only({"present", "type", "mac_key", "cipher_key", "cmac_counter"});
  slot.type = v.at("type").as_choice({"aes128", "aes256"}) == 0 ? HostKeyType::kAes128 : HostKeyType::kAes256;
  const size_t n = host_key_length(slot.type);
  slot.mac_key = v.at("mac_key").as_hex(n);
  slot.cipher_key = v.at("cipher_key").as_hex(n);
  if (v.has("cmac_counter")) slot.cmac_counter = static_cast<uint32_t>(v.at("cmac_counter").as_uint(0xFFFFFFFF));
  return slot;
}

HostKeyControl read_host_key_control(const JsonView& v) {
  v.expect_only({"change_right", "reprovision", "plaintext", "wrapped_anonymous", "authentication_key_slot"});
  HostKeyControl c;
  read_flag(v, "change_right", c.change_right);
  read_flag(v, "reprovision", c.reprovision);
  read_flag(v, "plaintext", c.plaintext);
  read_flag(v, "wrapped_anonymous", c.wrapped_anonymous);
  read_byte(v, "authentication_key_slot", c.authentication_key_slot);
  return c;
}

void read_symmetric_controls(const JsonView& list, std::array<SymmetricSlotControl, kSymmetricSlotCount>& slots) {
  std::array<bool, kSymmetricSlotCount> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    e.expect_only({"slot", "ecdhe_anonymous", "wrapped_anonymous", "put_key", "change_right", "plaintext", "derived",
                   "wrapped_authentication_key_slot", "ecdhe_authentication_key_slot"});
    JsonView slot_view = e.at("slot");
    const size_t slot = slot_view.as_uint(kSymmetricSlotCount - 1);
    if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
    seen[slot] = true;
    SymmetricSlotControl c;
    read_flag(e, "ecdhe_anonymous", c.ecdhe_anonymous);
    read_flag(e, "wrapped_anonymous", c.wrapped_anonymous);
    read_flag(e, "put_key", c.put_key);
    read_flag(e, "change_right", c.change_right);
    read_flag(e, "plaintext", c.plaintext);
    read_flag(e, "derived", c.derived);
    read_byte(e, "wrapped_authentication_key_slot", c.wrapped_authentication_key_slot);
    read_byte(e, "ecdhe_authentication_key_slot", c.ecdhe_authentication_key_slot);
    slots[slot] = c;
  }
}
}  // namespace

State state_from_json(const JsonView& json) {
  json.expect_only({"life_cycle", "random_seed", "random_counter", "product_data", "i2c", "host_key",
                    "host_key_control", "symmetric_key_control"});
  State s = factory_state();
  if (json.has("life_cycle")) s.life_cycle = read_life_cycle(json.at("life_cycle"));
  if (json.has("random_seed")) s.random_seed = json.at("random_seed").as_uint(std::numeric_limits<uint64_t>::max());
  if (json.has("random_counter"))
    s.random_counter = static_cast<uint32_t>(json.at("random_counter").as_uint(0xFFFFFFFF));
  if (json.has("product_data")) {
    JsonView p = json.at("product_data");
    s.product_data = p.as_hex();
    std::string_view problem = product_data_problem(s.product_data);
    if (!problem.empty()) p.fail(std::string(problem));
  }
  if (json.has("i2c")) s.i2c = read_i2c(json.at("i2c"));
  if (json.has("host_key")) s.host_key = read_host_key(json.at("host_key"));
  if (json.has("host_key_control")) s.host_key_control = read_host_key_control(json.at("host_key_control"));
  if (json.has("symmetric_key_control"))
    read_symmetric_controls(json.at("symmetric_key_control"), s.symmetric_key_control);
  return s;
}

nlohmann::json state_to_json(const State& s) {
  nlohmann::json j;
  j["life_cycle"] = std::string(life_cycle_name(s.life_cycle));
  j["random_seed"] = s.random_seed;
  j["random_counter"] = s.random_counter;
  j["product_data"] = to_hex(s.product_data);
  j["i2c"] = {{"address", hex_byte(s.i2c.address7)},
              {"lock", s.i2c.locked},
              {"low_power_mode", s.i2c.low_power == LowPowerMode::kStandby ? "standby" : "none"},
              {"idle_time_ms", (s.i2c.idle_time + 1u) * kIdleStepMs}};
  if (s.host_key.present) {
    j["host_key"] = {{"present", true},
                     {"type", s.host_key.type == HostKeyType::kAes256 ? "aes256" : "aes128"},
                     {"mac_key", to_hex(s.host_key.mac_key)},
                     {"cipher_key", to_hex(s.host_key.cipher_key)},
                     {"cmac_counter", s.host_key.cmac_counter}};
  } else {
    j["host_key"] = {{"present", false}};
  }
  const HostKeyControl& c = s.host_key_control;
  j["host_key_control"] = {{"change_right", c.change_right},
                           {"reprovision", c.reprovision},
                           {"plaintext", c.plaintext},
                           {"wrapped_anonymous", c.wrapped_anonymous},
                           {"authentication_key_slot", hex_byte(c.authentication_key_slot)}};
  nlohmann::json slots = nlohmann::json::array();
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    const SymmetricSlotControl& sc = s.symmetric_key_control[i];
    if (sc == SymmetricSlotControl{}) continue;
    slots.push_back({{"slot", i},
                     {"ecdhe_anonymous", sc.ecdhe_anonymous},
                     {"wrapped_anonymous", sc.wrapped_anonymous},
                     {"put_key", sc.put_key},
                     {"change_right", sc.change_right},
                     {"plaintext", sc.plaintext},
                     {"derived", sc.derived},
                     {"wrapped_authentication_key_slot", hex_byte(sc.wrapped_authentication_key_slot)},
                     {"ecdhe_authentication_key_slot", hex_byte(sc.ecdhe_authentication_key_slot)}});
  }
  j["symmetric_key_control"] = slots;
  return j;
}

}  // namespace kb::sim::stsafe_a120
