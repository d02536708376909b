#pragma once
// What every command handler gets and returns. One file per command family in this folder, named
// after it (echo.cc, query.cc, mac.cc, ...), mirroring core/stsafe/commands/ on the host side.
#include <cstdint>
#include <span>

#include "simulator/stsafe_a120/data_partitions.h"
#include "simulator/stsafe_a120/response.h"
#include "simulator/stsafe_a120/state.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/volatile_state.h"

namespace kb::sim::stsafe_a120 {

struct CommandContext {
  const State& state;             // persistent state as it was when the command started
  StateStore& store;              // the only way a handler changes persistent state
  VolatileState& volatile_state;  // sessions and ephemeral keys
  // The frame came through the host channel with a valid C-MAC (zone access conditions need it).
  bool host_authenticated = false;

  // What this command brings to a data zone's access condition.
  ZoneCredentials zone_credentials() const {
    return ZoneCredentials{host_authenticated, volatile_state.authenticated_entity.has_value()};
  }
};

// payload = the bytes after the header byte(s): C-MAC and CRC removed, decrypted when the host
// secure channel encrypted it.
using CommandHandler = Response (*)(CommandContext& context, std::span<const uint8_t> payload);

Response run_echo(CommandContext& context, std::span<const uint8_t> payload);                           // 0x00
Response run_reset(CommandContext& context, std::span<const uint8_t> payload);                          // 0x01
Response run_generate_random(CommandContext& context, std::span<const uint8_t> payload);                // 0x02
Response run_decrement(CommandContext& context, std::span<const uint8_t> payload);                      // 0x04
Response run_read(CommandContext& context, std::span<const uint8_t> payload);                           // 0x05
Response run_update(CommandContext& context, std::span<const uint8_t> payload);                         // 0x06
Response run_generate_mac(CommandContext& context, std::span<const uint8_t> payload);                   // 0x09
Response run_verify_mac(CommandContext& context, std::span<const uint8_t> payload);                     // 0x0A
Response run_delete(CommandContext& context, std::span<const uint8_t> payload);                         // 0x0C
Response run_hibernate(CommandContext& context, std::span<const uint8_t> payload);                      // 0x0D
Response run_wrap_local_envelope(CommandContext& context, std::span<const uint8_t> payload);            // 0x0E
Response run_unwrap_local_envelope(CommandContext& context, std::span<const uint8_t> payload);          // 0x0F
Response run_put_attribute(CommandContext& context, std::span<const uint8_t> payload);                  // 0x10
Response run_generate_key(CommandContext& context, std::span<const uint8_t> payload);                   // 0x11
Response run_query(CommandContext& context, std::span<const uint8_t> payload);                          // 0x14
Response run_generate_signature(CommandContext& context, std::span<const uint8_t> payload);             // 0x16
Response run_verify_signature(CommandContext& context, std::span<const uint8_t> payload);               // 0x17
Response run_establish_key(CommandContext& context, std::span<const uint8_t> payload);                  // 0x18
Response run_verify_password(CommandContext& context, std::span<const uint8_t> payload);                // 0x1A
Response run_encrypt(CommandContext& context, std::span<const uint8_t> payload);                        // 0x1B
Response run_decrypt(CommandContext& context, std::span<const uint8_t> payload);                        // 0x1C
Response run_start_hash(CommandContext& context, std::span<const uint8_t> payload);                     // 1F 00
Response run_process_hash(CommandContext& context, std::span<const uint8_t> payload);                   // 1F 01
Response run_finish_hash(CommandContext& context, std::span<const uint8_t> payload);                    // 1F 02
Response run_start_volatile_kek_session(CommandContext& context, std::span<const uint8_t> payload);     // 1F 03
Response run_establish_symmetric_key(CommandContext& context, std::span<const uint8_t> payload);        // 1F 04
Response run_confirm_symmetric_keys(CommandContext& context, std::span<const uint8_t> payload);         // 1F 05
Response run_stop_volatile_kek_session(CommandContext& context, std::span<const uint8_t> payload);      // 1F 06
Response run_write_host_key_v2_plaintext(CommandContext& context, std::span<const uint8_t> payload);    // 1F 07
Response run_write_host_key_v2_wrapped(CommandContext& context, std::span<const uint8_t> payload);      // 1F 08
Response run_write_symmetric_key_wrapped(CommandContext& context, std::span<const uint8_t> payload);    // 1F 09
Response run_write_public_key(CommandContext& context, std::span<const uint8_t> payload);               // 1F 0A
Response run_generate_ecdhe(CommandContext& context, std::span<const uint8_t> payload);                 // 1F 0B
Response run_generate_challenge(CommandContext& context, std::span<const uint8_t> payload);             // 1F 0E
Response run_verify_entity_signature(CommandContext& context, std::span<const uint8_t> payload);        // 1F 0F
Response run_derive_keys(CommandContext& context, std::span<const uint8_t> payload);                    // 1F 10
Response run_start_encrypt(CommandContext& context, std::span<const uint8_t> payload);                  // 1F 11
Response run_process_encrypt(CommandContext& context, std::span<const uint8_t> payload);                // 1F 12
Response run_finish_encrypt(CommandContext& context, std::span<const uint8_t> payload);                 // 1F 13
Response run_start_decrypt(CommandContext& context, std::span<const uint8_t> payload);                  // 1F 14
Response run_process_decrypt(CommandContext& context, std::span<const uint8_t> payload);                // 1F 15
Response run_finish_decrypt(CommandContext& context, std::span<const uint8_t> payload);                 // 1F 16
Response run_write_symmetric_key_plaintext(CommandContext& context, std::span<const uint8_t> payload);  // 1F 17
Response run_establish_host_key_v2(CommandContext& context, std::span<const uint8_t> payload);          // 1F 18
Response run_erase_symmetric_key_slot(CommandContext& context, std::span<const uint8_t> payload);       // 1F 19
Response run_decompress_public_key(CommandContext& context, std::span<const uint8_t> payload);          // 1F 1A

// Parts of Query (0x14) and Put attribute (0x10) kept with the generic public key slots
// (public_key_slots.cc): `argument` / `value` are the bytes after the tag.
Response query_public_key_table(CommandContext& context, std::span<const uint8_t> argument);  // tag 0x48
Response query_public_key_slot(CommandContext& context, std::span<const uint8_t> argument);   // tag 0x4C
Response put_public_key_flags(CommandContext& context, std::span<const uint8_t> value);       // tag 0x4D

}  // namespace kb::sim::stsafe_a120
