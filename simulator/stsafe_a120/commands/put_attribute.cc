// Put attribute (0x10, fact sheet 2.5): tag value... -> no payload. A refused put changes nothing.
#include "simulator/stsafe_a120/command_authorization.h"
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kTagLifeCycle = 0x08;
constexpr uint8_t kTagI2cParameters = 0x0A;
constexpr uint8_t kTagHostKeyControl = 0x4A;
constexpr uint8_t kTagSymmetricSlotControl = 0x4B;
constexpr uint8_t kTagCommandAccessConditions = 0x29;
constexpr uint8_t kTagCommandEncryptionFlags = 0x2A;
constexpr uint8_t kTagPublicKeyFlags = 0x4D;

Response put_host_key_control(CommandContext& context, std::span<const uint8_t> value) {
  if (value.size() != 2) return Response::error(Status::kInconsistentCommandData);
  // Fact sheet 2.6: once a put has cleared the change right, the fields are frozen.
  if (!context.state.host_key_control.change_right) return Response::error(Status::kAccessConditionNotSatisfied);
  if ((value[0] & HostKeyControl::kFillerMask) != 0) return Response::error(Status::kValueOutOfRange);
  context.store.write_host_key_control(HostKeyControl::decode(value.first<2>()));
  return Response::ok();
}

Response put_symmetric_slot_control(CommandContext& context, std::span<const uint8_t> value) {
  if (value.size() != 4) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = value[0];
  if (slot >= kSymmetricSlotCount) return Response::error(Status::kValueOutOfRange);
  // ST's documentation of the A120 symmetric key table: a slot's provisioning control fields can
  // be updated once in the device's lifetime. So the put is taken while the change right is there
  // and spends it, whatever change-right bit it carries (the fields then read back with bit 0.3
  // clear); any later put answers 0x11, which EX reads as "already set" (fact sheet 2.5, 2.7).
  if (!context.state.symmetric_key_control[slot].change_right) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  if ((value[1] & SymmetricSlotControl::kFillerMask) != 0) return Response::error(Status::kValueOutOfRange);
  SymmetricSlotControl fields = SymmetricSlotControl::decode(value.subspan(1).first<3>());
  fields.change_right = false;
  context.store.write_symmetric_slot_control(slot, fields);
  return Response::ok();
}

Response put_life_cycle(CommandContext& context, std::span<const uint8_t> value) {
  if (value.size() != 1) return Response::error(Status::kInconsistentCommandData);
  // Transition rules between states are not published (fact sheet 8.12): any defined state is
  // accepted, except that locking and unlocking (a put into or out of a locked state, ST's lock
  // / unlock = verify password then put 0x83 / 0x03) needs the password verified since the last
  // reset (inference, docs/fidelity.md).
  const std::optional<LifeCycle> lcs = life_cycle_from_byte(value[0]);
  if (!lcs) return Response::error(Status::kValueOutOfRange);
  const auto locked = [](LifeCycle l) { return l == LifeCycle::kBornLocked || l == LifeCycle::kOperationalLocked; };
  if ((locked(*lcs) || locked(context.state.life_cycle)) && !context.volatile_state.password_verified) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  context.store.write_life_cycle(*lcs);
  return Response::ok();
}

Response put_i2c_parameters(CommandContext& context, std::span<const uint8_t> value) {
  if (value.size() != 2) return Response::error(Status::kInconsistentCommandData);
  // The lock bit makes the parameters read-only.
  if (context.state.i2c.locked) return Response::error(Status::kAccessConditionNotSatisfied);
  const std::optional<I2cParameters> params = I2cParameters::decode(value.first<2>());
  if (!params) return Response::error(Status::kValueOutOfRange);
  context.store.write_i2c_parameters(*params);
  return Response::ok();
}
// Command access conditions (0x29) and host encryption flags (0x2A) (fact sheet 2.5, EX raw
// frames): count | records, a record being code [ext code if code == 0x1F] | value. Each tag has
// its change-right bit in the table's CR byte; a put that succeeds spends it (EX answers the
// second run of its one-time provisioning with 0x11, "already set"). All records are checked
// before the table is written, and the table is written at once.
Response put_command_table(CommandContext& context, std::span<const uint8_t> value, uint8_t change_right) {
  if (value.empty()) return Response::error(Status::kInconsistentCommandData);
  CommandAccessTable table = context.state.command_access;
  const size_t count = value[0];
  std::span<const uint8_t> rest = value.subspan(1);
  for (size_t i = 0; i < count; ++i) {
    if (rest.size() < 2) return Response::error(Status::kInconsistentCommandData);
    const uint8_t code = rest[0];
    std::optional<uint8_t> ext;
    if (code == 0x1F) {
      if (rest.size() < 3) return Response::error(Status::kInconsistentCommandData);
      ext = rest[1];
    }
    const uint8_t setting = rest[ext ? 2 : 1];
    rest = rest.subspan(ext ? 3 : 2);
    CommandAuthorization* record = table.find(code, ext);
    if (record == nullptr) return Response::error(Status::kValueOutOfRange);
    if (change_right == kAccessConditionsChangeable) {
      // The host library keeps 2 bits per command (fact sheet 3.1): ADMIN_OR_PWD (4) and
      // ADMIN_OR_HOST (5) would corrupt its table, so the model does not take them.
      if (setting > static_cast<uint8_t>(AccessCondition::kHost)) return Response::error(Status::kValueOutOfRange);
      record->access = static_cast<AccessCondition>(setting);
    } else {
      if ((setting & ~(kCommandEncrypted | kResponseEncrypted)) != 0) return Response::error(Status::kValueOutOfRange);
      record->encryption_flags = setting;
    }
  }
  if (!rest.empty()) return Response::error(Status::kInconsistentCommandData);
  // Form first, then the right, as for the control fields.
  if ((table.change_rights & change_right) == 0) return Response::error(Status::kAccessConditionNotSatisfied);
  table.change_rights = static_cast<uint8_t>(table.change_rights & ~change_right);
  context.store.write_command_access(table);
  return Response::ok();
}
}  // namespace

Response run_put_attribute(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  std::span<const uint8_t> value = payload.subspan(1);
  switch (payload[0]) {
    case kTagHostKeyControl: return put_host_key_control(context, value);
    case kTagSymmetricSlotControl: return put_symmetric_slot_control(context, value);
    case kTagLifeCycle: return put_life_cycle(context, value);
    case kTagI2cParameters: return put_i2c_parameters(context, value);
    case kTagCommandAccessConditions: return put_command_table(context, value, kAccessConditionsChangeable);
    case kTagCommandEncryptionFlags: return put_command_table(context, value, kEncryptionFlagsChangeable);
    case kTagPublicKeyFlags: return put_public_key_flags(context, value);
  }
  return Response::error(Status::kValueOutOfRange);
}

}  // namespace kb::sim::stsafe_a120
