#include "core/atecc/commands/sign.h"

#include <array>

#include "core/atecc/commands/nonce.h"
#include "core/atecc/commands/random.h"
#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kExternal = 0x80;
constexpr uint8_t kIncludeSerial = 0x40;
constexpr uint8_t kInvalidate = 0x01;
}  // namespace

Command sign_external_command(uint16_t key_id, MessageSource source) {
  return Command(opcode::kSign, static_cast<uint8_t>(kExternal | static_cast<uint8_t>(source)), key_id);
}

Command sign_internal_command(uint16_t key_id, bool include_serial, bool for_invalidate) {
  const auto mode = static_cast<uint8_t>((include_serial ? kIncludeSerial : 0) | (for_invalidate ? kInvalidate : 0));
  return Command(opcode::kSign, mode, key_id);
}

Status sign_external(Atecc& chip, uint16_t key_id, MessageSource source,
                     std::span<uint8_t, kSignatureBytes> signature) {
  return copy_payload(chip.run(sign_external_command(key_id, source)), signature);
}

Status sign_internal(Atecc& chip, uint16_t key_id, bool include_serial, std::span<uint8_t, kSignatureBytes> signature,
                     bool for_invalidate) {
  return copy_payload(chip.run(sign_internal_command(key_id, include_serial, for_invalidate)), signature);
}

Status sign_digest(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kDigestBytes> digest,
                   std::span<uint8_t, kSignatureBytes> signature, MessageSource source) {
  std::array<uint8_t, kRandomBytes> discarded{};
  KB_TRY(random(chip, discarded));
  const NonceTarget target =
      source == MessageSource::kTempKey ? NonceTarget::kTempKey : NonceTarget::kMessageDigestBuffer;
  KB_TRY(nonce_load(chip, target, digest));
  return sign_external(chip, key_id, source, signature);
}

}  // namespace kb::core::atecc::commands
