#include "simulator/stsafe_a120/dispatcher.h"

#include "simulator/stsafe_a120/life_cycle_rules.h"

namespace kb::sim::stsafe_a120 {

CommandHandler standard_handler(uint8_t code) {
  switch (code) {
    case 0x00: return run_echo;
    case 0x01: return run_reset;
    case 0x02: return run_generate_random;
    case 0x04: return run_decrement;
    case 0x05: return run_read;
    case 0x06: return run_update;
    case 0x09: return run_generate_mac;
    case 0x0A: return run_verify_mac;
    case 0x0C: return run_delete;
    case 0x0D: return run_hibernate;
    case 0x0E: return run_wrap_local_envelope;
    case 0x0F: return run_unwrap_local_envelope;
    case 0x10: return run_put_attribute;
    case 0x11: return run_generate_key;
    case 0x14: return run_query;
    case 0x16: return run_generate_signature;
    case 0x17: return run_verify_signature;
    case 0x18: return run_establish_key;
    case 0x1A: return run_verify_password;
    case 0x1B: return run_encrypt;
    case 0x1C: return run_decrypt;
  }
  return nullptr;
}

CommandHandler extended_handler(uint8_t ext_code) {
  switch (ext_code) {
    case 0x00: return run_start_hash;
    case 0x01: return run_process_hash;
    case 0x02: return run_finish_hash;
    case 0x03: return run_start_volatile_kek_session;
    case 0x04: return run_establish_symmetric_key;
    case 0x05: return run_confirm_symmetric_keys;
    case 0x06: return run_stop_volatile_kek_session;
    case 0x07: return run_write_host_key_v2_plaintext;
    case 0x08: return run_write_host_key_v2_wrapped;
    case 0x09: return run_write_symmetric_key_wrapped;
    case 0x0A: return run_write_public_key;
    case 0x0B: return run_generate_ecdhe;
    case 0x0E: return run_generate_challenge;
    case 0x0F: return run_verify_entity_signature;
    case 0x10: return run_derive_keys;
    case 0x11: return run_start_encrypt;
    case 0x12: return run_process_encrypt;
    case 0x13: return run_finish_encrypt;
    case 0x14: return run_start_decrypt;
    case 0x15: return run_process_decrypt;
    case 0x16: return run_finish_decrypt;
    case 0x17: return run_write_symmetric_key_plaintext;
    case 0x18: return run_establish_host_key_v2;
    case 0x19: return run_erase_symmetric_key_slot;
    case 0x1A: return run_decompress_public_key;
  }
  return nullptr;
}

Response dispatch(const CommandFrame& frame, std::span<const uint8_t> payload, CommandContext& context) {
  CommandHandler handler = frame.ext_code ? extended_handler(*frame.ext_code) : standard_handler(frame.code);
  if (handler == nullptr) return Response::error(Status::kCommandCodeNotSupported);
  if (life_cycle_freezes_changes(context.state.life_cycle) &&
      changes_keys_or_zones(frame.code, frame.ext_code, payload)) {
    return Response::error(Status::kInvalidLifeCycleState);
  }
  return handler(context, payload);
}

}  // namespace kb::sim::stsafe_a120
