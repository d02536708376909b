// Verify password (0x1A) and delete password (0x0C), fact sheet 2.5 (layouts from STSELib
// stsafea_password.c: a 16-byte password, delete tag 0x09):
//   1A  password (16)  ->  verification status (1: 01 right, 00 wrong) | tries left (1)
//   0C  09             ->  no payload
// Verify spends one try in the NVM before it compares (a power cut never hands a guess back), and a
// right password restores every try and is remembered in RAM until the next reset, power-on or
// hibernate. A wrong guess that spends the last try still answers 00 | 00; from then on verify
// answers PASSWORD_BLOCKED. No password: ENTRY_NOT_FOUND. Delete needs the password verified
// (ACCESS_CONDITION_NOT_SATISFIED otherwise), so a blocked password stays (inference,
// docs/fidelity.md). Verify is in the command access table (0x1A); delete is not.
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kDeleteTagPassword = 0x09;
constexpr uint8_t kVerified = 0x01;
constexpr uint8_t kNotVerified = 0x00;
}  // namespace

Response run_verify_password(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != kPasswordLength) return Response::error(Status::kInconsistentCommandData);
  const PasswordSlot& password = context.state.password;
  if (!password.present) return Response::error(Status::kEntryNotFound);
  if (password.blocked()) return Response::error(Status::kPasswordBlocked);
  context.volatile_state.password_verified = false;
  const auto tries_left = static_cast<uint8_t>(password.tries_left - 1);
  context.store.write_password_tries(tries_left);
  if (!chip_crypto::equal_in_constant_time(password.value, payload)) {
    return Response::ok({kNotVerified, tries_left});
  }
  context.store.write_password_tries(password.max_tries);
  context.volatile_state.password_verified = true;
  return Response::ok({kVerified, password.max_tries});
}

Response run_delete(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != 1) return Response::error(Status::kInconsistentCommandData);
  if (payload[0] != kDeleteTagPassword) return Response::error(Status::kValueOutOfRange);
  if (!context.state.password.present) return Response::error(Status::kEntryNotFound);
  if (!context.volatile_state.password_verified) return Response::error(Status::kAccessConditionNotSatisfied);
  context.store.delete_password();
  context.volatile_state.password_verified = false;
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
