#include "simulator/stsafe_a120/state_json.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "simulator/fixture/hex.h"
#include "simulator/stsafe_a120/personalisation.h"

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
    p.address7 = a.as_i2c_address();
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

const std::initializer_list<std::string_view> kUsageNames = {
    "mac_verification",   "mac_generation",     "decryption", "encryption",
    "chunked_decryption", "chunked_encryption", "derive"};  // bit 0 upwards

uint8_t read_usage(const JsonView& list) {
  uint8_t usage = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView u = list.at(i);
    const uint8_t bit = static_cast<uint8_t>(1u << u.as_choice(kUsageNames));
    if ((usage & bit) != 0) u.fail("usage is listed twice");
    usage |= bit;
  }
  return usage;
}

nlohmann::json usage_to_json(uint8_t usage) {
  nlohmann::json out = nlohmann::json::array();
  size_t bit = 0;
  for (std::string_view name : kUsageNames) {
    if ((usage >> bit++ & 1u) != 0) out.push_back(std::string(name));
  }
  return out;
}

SymmetricKeySlot read_symmetric_key(const JsonView& e, size_t slot) {
  SymmetricKeySlot k;
  k.present = true;
  SymmetricKeyInfo& info = k.info;
  info.slot = static_cast<uint8_t>(slot);
  if (e.has("lock")) info.lock = static_cast<LockIndicator>(e.at("lock").as_choice({"unlocked", "locked", "erasable"}));
  info.type = static_cast<SymmetricKeyType>(e.at("type").as_choice({"aes128", "aes256", "generic_secret"}));
  JsonView mode = e.at("mode");
  switch (mode.as_choice({"ccm", "cmac", "ecb", "gcm", "hkdf", "hmac"})) {
    case 0:
      info.mode = KeyMode::kCcm;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "tag_length", "counter", "key"});
      info.tag_length = e.at("tag_length").as_u8();
      if (e.has("counter")) {
        JsonView c = e.at("counter");
        c.expect_only({"offset", "value"});
        info.has_counter = true;
        info.counter_offset = static_cast<uint8_t>(c.at("offset").as_uint(kMaxCcmCounterOffset));
        if (c.has("value")) k.counter = static_cast<uint32_t>(c.at("value").as_uint(0xFFFFFFFF));
      }
      break;
    case 1:
      info.mode = KeyMode::kCmac;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "min_mac_length", "key"});
      info.min_mac_length = e.at("min_mac_length").as_u8();
      break;
    case 2:
      info.mode = KeyMode::kEcb;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "key"});
      break;
    case 3:
      info.mode = KeyMode::kGcm;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "tag_length", "key"});
      info.tag_length = e.at("tag_length").as_u8();
      break;
    case 4:
      info.mode = KeyMode::kHkdf;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "derived_keys_exportable", "key"});
      read_flag(e, "derived_keys_exportable", info.derived_keys_exportable);
      break;
    default:
      info.mode = KeyMode::kHmac;
      e.expect_only({"slot", "lock", "type", "mode", "usage", "min_mac_length", "key"});
      info.min_mac_length = e.at("min_mac_length").as_u8();
      break;
  }
  // A generic secret's length is its key's (16..32 bytes, checked with the rest of the info).
  if (info.type == SymmetricKeyType::kGenericSecret) {
    const std::vector<uint8_t> secret = e.at("key").as_hex();
    info.generic_secret_length = static_cast<uint8_t>(std::min<size_t>(secret.size(), 0xFF));
  }
  if (e.has("usage")) info.usage = read_usage(e.at("usage"));
  const std::string_view problem = key_info_problem(info);
  if (!problem.empty()) {
    // Point at the field the problem is about.
    if (e.has("usage") && (info.usage & ~usage_bits_allowed(info.mode)) != 0) e.at("usage").fail(std::string(problem));
    const bool generic_mode = info.mode == KeyMode::kHkdf || info.mode == KeyMode::kHmac;
    if (generic_mode != (info.type == SymmetricKeyType::kGenericSecret)) e.at("type").fail(std::string(problem));
    if (generic_mode &&
        (info.generic_secret_length < kMinGenericSecretLength || info.generic_secret_length > kMaxGenericSecretLength))
      e.at("key").fail(std::string(problem));
    if (info.mode == KeyMode::kCmac || info.mode == KeyMode::kHmac) e.at("min_mac_length").fail(std::string(problem));
    if (info.mode == KeyMode::kCcm || info.mode == KeyMode::kGcm) e.at("tag_length").fail(std::string(problem));
    mode.fail(std::string(problem));
  }
  k.key = e.at("key").as_hex(symmetric_key_length(info));
  return k;
}

void read_symmetric_keys(const JsonView& list, std::array<SymmetricKeySlot, kSymmetricSlotCount>& slots) {
  std::array<bool, kSymmetricSlotCount> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    JsonView slot_view = e.at("slot");
    const size_t slot = slot_view.as_uint(kSymmetricSlotCount - 1);
    if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
    seen[slot] = true;
    slots[slot] = read_symmetric_key(e, slot);
  }
}

nlohmann::json symmetric_key_to_json(size_t slot, const SymmetricKeySlot& k) {
  static constexpr const char* kLocks[] = {"unlocked", "locked", "erasable"};
  static constexpr const char* kTypes[] = {"aes128", "aes256", "generic_secret"};
  const SymmetricKeyInfo& info = k.info;
  nlohmann::json j = {{"slot", slot},
                      {"lock", kLocks[static_cast<uint8_t>(info.lock)]},
                      {"type", kTypes[static_cast<uint8_t>(info.type)]},
                      {"usage", usage_to_json(info.usage)},
                      {"key", to_hex(k.key)}};
  switch (info.mode) {
    case KeyMode::kCcm:
      j["mode"] = "ccm";
      j["tag_length"] = info.tag_length;
      if (info.has_counter) j["counter"] = {{"offset", info.counter_offset}, {"value", k.counter}};
      break;
    case KeyMode::kCmac:
      j["mode"] = "cmac";
      j["min_mac_length"] = info.min_mac_length;
      break;
    case KeyMode::kEcb: j["mode"] = "ecb"; break;
    case KeyMode::kGcm:
      j["mode"] = "gcm";
      j["tag_length"] = info.tag_length;
      break;
    case KeyMode::kHkdf:
      j["mode"] = "hkdf";
      j["derived_keys_exportable"] = info.derived_keys_exportable;
      break;
    case KeyMode::kHmac:
      j["mode"] = "hmac";
      j["min_mac_length"] = info.min_mac_length;
      break;
  }
  return j;
}

const std::initializer_list<std::string_view> kAccessNames = {"never", "free", "admin", "host"};

CommandAccessTable read_command_access(const JsonView& v) {
  v.expect_only({"change_rights", "commands"});
  CommandAccessTable t;
  if (v.has("change_rights")) {
    JsonView cr = v.at("change_rights");
    cr.expect_only({"access_conditions", "encryption_flags"});
    bool ac = true, flags = true;
    read_flag(cr, "access_conditions", ac);
    read_flag(cr, "encryption_flags", flags);
    t.change_rights =
        static_cast<uint8_t>((ac ? kAccessConditionsChangeable : 0) | (flags ? kEncryptionFlagsChangeable : 0));
  }
  if (!v.has("commands")) return t;
  JsonView list = v.at("commands");
  std::vector<const CommandAuthorization*> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    e.expect_only({"code", "ext_code", "access", "encrypt_command", "encrypt_response"});
    JsonView code_view = e.at("code");
    const uint8_t code = code_view.as_u8();
    std::optional<uint8_t> ext;
    if (code == 0x1F)
      ext = e.at("ext_code").as_u8();
    else if (e.has("ext_code"))
      e.at("ext_code").fail("only code 0x1F takes an extended code");
    CommandAuthorization* r = t.find(code, ext);
    if (r == nullptr) code_view.fail("not a command of the authorization table");
    if (std::find(seen.begin(), seen.end(), r) != seen.end()) code_view.fail("command is listed twice");
    seen.push_back(r);
    if (e.has("access")) r->access = static_cast<AccessCondition>(e.at("access").as_choice(kAccessNames));
    bool encrypt_command = (r->encryption_flags & kCommandEncrypted) != 0;
    bool encrypt_response = (r->encryption_flags & kResponseEncrypted) != 0;
    read_flag(e, "encrypt_command", encrypt_command);
    read_flag(e, "encrypt_response", encrypt_response);
    r->encryption_flags =
        static_cast<uint8_t>((encrypt_command ? kCommandEncrypted : 0) | (encrypt_response ? kResponseEncrypted : 0));
  }
  return t;
}

nlohmann::json command_access_to_json(const CommandAccessTable& t) {
  nlohmann::json commands = nlohmann::json::array();
  const std::vector<CommandAuthorization> factory = factory_command_authorizations();
  for (size_t i = 0; i < t.records.size(); ++i) {
    const CommandAuthorization& r = t.records[i];
    if (i < factory.size() && r == factory[i]) continue;
    nlohmann::json e = {{"code", hex_byte(r.code)}};
    if (r.code == 0x1F) e["ext_code"] = hex_byte(r.ext_code);
    e["access"] = std::string(kAccessNames.begin()[static_cast<uint8_t>(r.access)]);
    e["encrypt_command"] = (r.encryption_flags & kCommandEncrypted) != 0;
    e["encrypt_response"] = (r.encryption_flags & kResponseEncrypted) != 0;
    commands.push_back(e);
  }
  return {{"change_rights",
           {{"access_conditions", (t.change_rights & kAccessConditionsChangeable) != 0},
            {"encryption_flags", (t.change_rights & kEncryptionFlagsChangeable) != 0}}},
          {"commands", commands}};
}
const std::initializer_list<std::string_view> kCurveNames = {"nist_p256",        "nist_p384",        "nist_p521",
                                                             "brainpool_p256r1", "brainpool_p384r1", "brainpool_p512r1",
                                                             "x25519",           "ed25519"};  // crypto::ec::Curve order

PrivateKeyMode read_private_key_mode(const JsonView& v, PrivateKeyMode m) {
  v.expect_only({"ephemeral_generation", "change_right", "key_establishment", "external_signature",
                 "internal_signature", "generate_key", "eddsa_variant"});
  read_flag(v, "ephemeral_generation", m.ephemeral_generation);
  read_flag(v, "change_right", m.change_right);
  read_flag(v, "key_establishment", m.key_establishment);
  read_flag(v, "external_signature", m.external_signature);
  read_flag(v, "internal_signature", m.internal_signature);
  if (v.has("generate_key"))
    m.generate_key = static_cast<AccessCondition>(v.at("generate_key").as_choice(kAccessNames));
  if (v.has("eddsa_variant")) m.eddsa_variant = static_cast<uint8_t>(v.at("eddsa_variant").as_uint(3));
  return m;
}

PrivateKeySlot read_private_key_slot(const JsonView& e, const PrivateKeySlot& factory) {
  e.expect_only({"slot", "mode", "curve", "private_key", "usage_limit", "uses_left"});
  PrivateKeySlot k;
  k.mode = e.has("mode") ? read_private_key_mode(e.at("mode"), factory.mode) : factory.mode;
  if (!e.has("private_key")) {
    for (std::string_view key : {"curve", "usage_limit", "uses_left"}) {
      if (e.has(key)) e.at(key).fail("only a slot with a private_key has one");
    }
    return k;
  }
  k.present = true;
  k.curve = *crypto::ec::curve_from_index(static_cast<uint8_t>(e.at("curve").as_choice(kCurveNames)));
  JsonView key = e.at("private_key");
  k.private_key = key.as_hex(crypto::ec::key_length(k.curve));
  if (!crypto::ec::private_key_is_valid(k.curve, k.private_key)) {
    key.fail("not a private key of " + std::string(crypto::ec::curve_name(k.curve)) +
             (crypto::ec::is_weierstrass(k.curve) ? " (need 1 <= d < n)" : ""));
  }
  if (e.has("usage_limit")) k.usage_limit = static_cast<uint16_t>(e.at("usage_limit").as_uint(0xFFFF));
  k.uses_left = k.usage_limit;
  if (e.has("uses_left")) {
    JsonView uses = e.at("uses_left");
    if (k.usage_limit == kNoUsageLimit) uses.fail("a key without a usage limit (usage_limit 0) counts no uses");
    k.uses_left = static_cast<uint16_t>(uses.as_uint(k.usage_limit));
  }
  return k;
}

PrivateKeyTable read_private_keys(const JsonView& v) {
  v.expect_only({"change_right", "global_usage_limit", "slots"});
  PrivateKeyTable t = factory_private_key_table();
  read_flag(v, "change_right", t.change_right);
  if (v.has("global_usage_limit"))
    t.global_usage_limit = static_cast<uint16_t>(v.at("global_usage_limit").as_uint(0xFFFF));
  if (!v.has("slots")) return t;
  const PrivateKeyTable factory = factory_private_key_table();
  JsonView list = v.at("slots");
  std::array<bool, kPrivateKeySlotCount> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    JsonView slot_view = e.at("slot");
    const size_t slot = slot_view.as_uint(kPrivateKeySlotCount - 1);
    if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
    seen[slot] = true;
    t.slots[slot] = read_private_key_slot(e, factory.slots[slot]);
  }
  return t;
}

nlohmann::json private_keys_to_json(const PrivateKeyTable& t) {
  nlohmann::json slots = nlohmann::json::array();
  for (size_t i = 0; i < kPrivateKeySlotCount; ++i) {
    const PrivateKeySlot& k = t.slots[i];
    const PrivateKeyMode& m = k.mode;
    nlohmann::json e = {{"slot", i},
                        {"mode",
                         {{"ephemeral_generation", m.ephemeral_generation},
                          {"change_right", m.change_right},
                          {"key_establishment", m.key_establishment},
                          {"external_signature", m.external_signature},
                          {"internal_signature", m.internal_signature},
                          {"generate_key", std::string(kAccessNames.begin()[static_cast<uint8_t>(m.generate_key)])},
                          {"eddsa_variant", m.eddsa_variant}}}};
    if (k.present) {
      e["curve"] = std::string(kCurveNames.begin()[static_cast<uint8_t>(k.curve)]);
      e["private_key"] = to_hex(k.private_key);
      e["usage_limit"] = k.usage_limit;
      if (k.usage_limit != kNoUsageLimit) e["uses_left"] = k.uses_left;
    }
    slots.push_back(e);
  }
  return {{"change_right", t.change_right}, {"global_usage_limit", t.global_usage_limit}, {"slots", slots}};
}

PublicKeySlot read_public_key_slot(const JsonView& e, const PublicKeySlot& factory) {
  e.expect_only({"slot", "change_right", "establish_symmetric_key", "start_volatile_kek_session",
                 "entity_authentication", "establish_host_key", "curve", "public_key"});
  PublicKeySlot k;
  k.flags = factory.flags;
  read_flag(e, "change_right", k.flags.change_right);
  read_flag(e, "establish_symmetric_key", k.flags.establish_symmetric_key);
  read_flag(e, "start_volatile_kek_session", k.flags.start_volatile_kek_session);
  read_flag(e, "entity_authentication", k.flags.entity_authentication);
  read_flag(e, "establish_host_key", k.flags.establish_host_key);
  if (!e.has("public_key")) {
    if (e.has("curve")) e.at("curve").fail("only a slot with a public_key has one");
    return k;
  }
  k.present = true;
  k.curve = *crypto::ec::curve_from_index(static_cast<uint8_t>(e.at("curve").as_choice(kCurveNames)));
  JsonView key = e.at("public_key");
  k.public_key = key.as_hex(crypto::ec::public_key_length(k.curve));
  if (!crypto::ec::public_key_is_valid(k.curve, k.public_key)) {
    key.fail("not a public key of " + std::string(crypto::ec::curve_name(k.curve)) + " (X | Y, a point of the curve)");
  }
  return k;
}

PublicKeyTable read_public_keys(const JsonView& list) {
  PublicKeyTable t = factory_public_key_table();
  const PublicKeyTable factory = factory_public_key_table();
  std::array<bool, kPublicKeySlotCount> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    JsonView slot_view = e.at("slot");
    const size_t slot = slot_view.as_uint(kPublicKeySlotCount - 1);
    if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
    seen[slot] = true;
    t[slot] = read_public_key_slot(e, factory[slot]);
  }
  return t;
}

nlohmann::json public_keys_to_json(const PublicKeyTable& t) {
  nlohmann::json slots = nlohmann::json::array();
  for (size_t i = 0; i < kPublicKeySlotCount; ++i) {
    const PublicKeySlot& k = t[i];
    nlohmann::json e = {{"slot", i},
                        {"change_right", k.flags.change_right},
                        {"establish_symmetric_key", k.flags.establish_symmetric_key},
                        {"start_volatile_kek_session", k.flags.start_volatile_kek_session},
                        {"entity_authentication", k.flags.entity_authentication},
                        {"establish_host_key", k.flags.establish_host_key}};
    if (k.present) {
      e["curve"] = std::string(kCurveNames.begin()[static_cast<uint8_t>(k.curve)]);
      e["public_key"] = to_hex(k.public_key);
    }
    slots.push_back(e);
  }
  return slots;
}

const std::initializer_list<std::string_view> kZoneAccessNames = {"free", "host", "auth_host", "never"};
constexpr ZoneAccess kZoneAccessOrder[] = {ZoneAccess::kFree, ZoneAccess::kHost, ZoneAccess::kAuthenticatedHost,
                                           ZoneAccess::kNever};

std::string zone_access_name(ZoneAccess access) {
  for (size_t i = 0; i < std::size(kZoneAccessOrder); ++i) {
    if (kZoneAccessOrder[i] == access) return std::string(kZoneAccessNames.begin()[i]);
  }
  return "never";
}

DataPartition read_data_partition(const JsonView& e, const std::vector<DataPartition>& factory) {
  e.expect_only({"zone", "type", "length", "read_access", "read_change_right", "update_access", "update_change_right",
                 "counter", "data"});
  const uint8_t index = e.at("zone").as_u8();
  const std::optional<size_t> inherited = find_zone(factory, index);
  DataPartition z = inherited ? factory[*inherited] : DataPartition{};
  z.index = index;
  if (!inherited) {
    // Fails naming the first of the two that is missing.
    e.at("type");
    e.at("length");
  }
  if (e.has("type")) {
    z.type = e.at("type").as_choice({"data", "counter"}) == 0 ? ZoneType::kData : ZoneType::kCounter;
  }
  if (e.has("length")) z.data.assign(e.at("length").as_uint(0xFFFF), 0x00);
  if (e.has("read_access")) z.read_access = kZoneAccessOrder[e.at("read_access").as_choice(kZoneAccessNames)];
  read_flag(e, "read_change_right", z.read_change_right);
  if (e.has("update_access")) z.update_access = kZoneAccessOrder[e.at("update_access").as_choice(kZoneAccessNames)];
  read_flag(e, "update_change_right", z.update_change_right);
  if (z.type == ZoneType::kData) {
    if (e.has("counter")) e.at("counter").fail("only a counter zone has a counter");
    z.counter = 0;
  } else if (e.has("counter")) {
    z.counter = static_cast<uint32_t>(e.at("counter").as_uint(0xFFFFFFFF));
  } else if (!inherited || factory[*inherited].type != ZoneType::kCounter) {
    z.counter = kFactoryZoneCounter;
  }
  if (e.has("data")) {
    JsonView d = e.at("data");
    const std::vector<uint8_t> bytes = d.as_hex();
    if (bytes.size() > z.data.size()) {
      d.fail("holds " + std::to_string(bytes.size()) + " bytes, the zone " + std::to_string(z.data.size()));
    }
    std::fill(z.data.begin(), z.data.end(), uint8_t{0x00});
    std::copy(bytes.begin(), bytes.end(), z.data.begin());
  }
  return z;
}

std::vector<DataPartition> read_data_partitions(const JsonView& list) {
  const std::vector<DataPartition> factory = factory_data_partitions();
  const size_t n = list.size();
  if (n > kMaxDataPartitions) list.fail("more than " + std::to_string(kMaxDataPartitions) + " zones");
  std::vector<DataPartition> zones;
  size_t used = 0;
  for (size_t i = 0; i < n; ++i) {
    JsonView e = list.at(i);
    DataPartition z = read_data_partition(e, factory);
    if (find_zone(zones, z.index)) e.at("zone").fail("zone " + std::to_string(z.index) + " is listed twice");
    used += zone_footprint(z.data.size());
    if (used > kDataPartitionCapacity) {
      (e.has("length") ? e.at("length") : e)
          .fail("the zones do not fit the model's " + std::to_string(kDataPartitionCapacity) + " bytes of zone memory");
    }
    zones.push_back(std::move(z));
  }
  return zones;
}

nlohmann::json data_partitions_to_json(const std::vector<DataPartition>& zones) {
  nlohmann::json out = nlohmann::json::array();
  for (const DataPartition& z : zones) {
    nlohmann::json e = {{"zone", z.index},
                        {"type", z.type == ZoneType::kCounter ? "counter" : "data"},
                        {"length", z.data.size()},
                        {"read_access", zone_access_name(z.read_access)},
                        {"read_change_right", z.read_change_right},
                        {"update_access", zone_access_name(z.update_access)},
                        {"update_change_right", z.update_change_right}};
    if (z.type == ZoneType::kCounter) e["counter"] = z.counter;
    size_t used = z.data.size();
    while (used > 0 && z.data[used - 1] == 0x00) --used;
    if (used > 0) e["data"] = to_hex(std::span<const uint8_t>(z.data).first(used));
    out.push_back(e);
  }
  return out;
}
void read_local_envelope_keys(const JsonView& list, std::array<LocalEnvelopeKey, kLocalEnvelopeSlotCount>& keys) {
  std::array<bool, kLocalEnvelopeSlotCount> seen{};
  for (size_t i = 0; i < list.size(); ++i) {
    JsonView e = list.at(i);
    e.expect_only({"slot", "type", "key"});
    JsonView slot_view = e.at("slot");
    const size_t slot = slot_view.as_uint(kLocalEnvelopeSlotCount - 1);
    if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
    seen[slot] = true;
    LocalEnvelopeKey k;
    k.present = true;
    k.type = e.at("type").as_choice({"aes128", "aes256"}) == 0 ? LocalEnvelopeKeyType::kAes128
                                                               : LocalEnvelopeKeyType::kAes256;
    k.key = e.at("key").as_hex(local_envelope_key_length(k.type));
    keys[slot] = std::move(k);
  }
}

nlohmann::json local_envelope_keys_to_json(const std::array<LocalEnvelopeKey, kLocalEnvelopeSlotCount>& keys) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < kLocalEnvelopeSlotCount; ++i) {
    const LocalEnvelopeKey& k = keys[i];
    if (!k.present) continue;
    out.push_back(
        {{"slot", i}, {"type", k.type == LocalEnvelopeKeyType::kAes256 ? "aes256" : "aes128"}, {"key", to_hex(k.key)}});
  }
  return out;
}

PasswordSlot read_password(const JsonView& v) {
  PasswordSlot p;
  p.present = v.at("present").as_bool();
  if (!p.present) {
    v.expect_only({"present"});
    return p;
  }
  v.expect_only({"present", "password", "max_tries", "tries_left"});
  const std::vector<uint8_t> value = v.at("password").as_hex(kPasswordLength);
  std::copy(value.begin(), value.end(), p.value.begin());
  if (v.has("max_tries")) {
    JsonView m = v.at("max_tries");
    p.max_tries = m.as_u8();
    if (p.max_tries == 0) m.fail("a password needs at least one try");
  }
  p.tries_left = p.max_tries;
  if (v.has("tries_left")) {
    JsonView t = v.at("tries_left");
    p.tries_left = static_cast<uint8_t>(t.as_uint(p.max_tries));
  }
  return p;
}

nlohmann::json password_to_json(const PasswordSlot& p) {
  if (!p.present) return {{"present", false}};
  return {{"present", true}, {"password", to_hex(p.value)}, {"max_tries", p.max_tries}, {"tries_left", p.tries_left}};
}
}  // namespace

State state_from_json(const JsonView& json) {
  json.expect_only({"life_cycle", "random_seed", "random_counter", "product_data", "i2c", "host_key",
                    "host_key_control", "symmetric_key_control", "symmetric_keys", "command_access", "data_partitions",
                    "private_keys", "public_keys", "local_envelope_keys", "password", "personalisation"});
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
  if (json.has("symmetric_keys")) read_symmetric_keys(json.at("symmetric_keys"), s.symmetric_keys);
  if (json.has("command_access")) s.command_access = read_command_access(json.at("command_access"));
  if (json.has("data_partitions")) s.data_partitions = read_data_partitions(json.at("data_partitions"));
  if (json.has("private_keys")) s.private_keys = read_private_keys(json.at("private_keys"));
  if (json.has("public_keys")) s.public_keys = read_public_keys(json.at("public_keys"));
  if (json.has("local_envelope_keys")) read_local_envelope_keys(json.at("local_envelope_keys"), s.local_envelope_keys);
  if (json.has("password")) s.password = read_password(json.at("password"));
  // Last, over whatever the fields above said: "factory" derives the bench CA, the slot-0 key and
  // zone 0's device certificate from the seed (personalisation.h); "blank" leaves both as they are.
  // Saved states never carry it: they hold the key and the certificate themselves.
  if (json.has("personalisation")) {
    const JsonView p = json.at("personalisation");
    if (p.as_choice({"blank", "factory"}) == 1) {
      try {
        personalise(s);
      } catch (const std::invalid_argument& e) {
        p.fail(e.what());
      }
    }
  }
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
  nlohmann::json keys = nlohmann::json::array();
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    if (s.symmetric_keys[i].present) keys.push_back(symmetric_key_to_json(i, s.symmetric_keys[i]));
  }
  j["symmetric_keys"] = keys;
  j["command_access"] = command_access_to_json(s.command_access);
  j["data_partitions"] = data_partitions_to_json(s.data_partitions);
  j["private_keys"] = private_keys_to_json(s.private_keys);
  j["public_keys"] = public_keys_to_json(s.public_keys);
  j["local_envelope_keys"] = local_envelope_keys_to_json(s.local_envelope_keys);
  j["password"] = password_to_json(s.password);
  return j;
}

}  // namespace kb::sim::stsafe_a120
