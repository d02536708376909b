#pragma once
// The host secure channel on the chip's side (fact sheet section 3): between the frame decoder
// and the command handlers. For every frame it looks up the command in the access-condition table
// (a command whose AC is not FREE, or that the table wants encrypted, must arrive protected).
// For a protected frame (header bits 7..5 = 111) it
//   1. needs a host key (KEY_NOT_FOUND) and a counter below 0xFFFFFFFF (C_MAC_COUNTER_MAXIMUM_REACHED),
//   2. verifies the C-MAC with the current counter C (INVALID_C_MAC, nothing changed),
//   3. persists C + 1 before anything else happens (a validly MACed command is never replayable,
//      even if it then fails or the power goes),
//   4. decrypts the payload when the table says the command is encrypted (COMMAND_DECRYPTION_ERROR),
//   5. runs the command; a failure answers header-only, no R-MAC (fact sheet 8.7),
//   6. encrypts a non-empty response payload when the table says so, and answers header 0x40 with
//      the R-MAC over command and response as sent appended.
// MACs are the first 4 bytes of AES-CMAC under the host MAC key; encryption is AES-CBC under the
// host cipher key with the 80 00.. padding. C' = C + 1 keys the R-MAC and both IVs.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/volatile_state.h"

namespace kb::sim::stsafe_a120 {

inline constexpr uint8_t kProtectedResponseHeader = 0x40;  // status OK, R-MAC present (fact sheet 8.1)

// C-MAC over C | 00 | 80 | 00 x 10 | 00 | header byte(s) | payload length (2, BE) | payload.
std::array<uint8_t, 4> command_mac(std::span<const uint8_t> mac_key, uint32_t counter, std::span<const uint8_t> header,
                                   std::span<const uint8_t> payload);
// R-MAC over C' | 40 | 80 | 00 x 10 | 80 | command header(s) | command payload length (2) | command
// payload | response header | response payload length (2) | response payload (all as sent).
std::array<uint8_t, 4> response_mac(std::span<const uint8_t> mac_key, uint32_t next_counter,
                                    std::span<const uint8_t> command_header, std::span<const uint8_t> command_payload,
                                    uint8_t response_header, std::span<const uint8_t> response_payload);
// CBC IVs: AES-ECB of C' | 80 | 80 | 00 x 10 (command) and C' | C0 | 80 | 00 x 10 (response).
std::array<uint8_t, 16> command_iv(std::span<const uint8_t> cipher_key, uint32_t next_counter);
std::array<uint8_t, 16> response_iv(std::span<const uint8_t> cipher_key, uint32_t next_counter);
// 80 then 00 up to the next multiple of 16 (always at least one byte), and back.
std::vector<uint8_t> add_padding(std::span<const uint8_t> data);
std::optional<std::vector<uint8_t>> remove_padding(std::span<const uint8_t> data);

// Runs a decoded frame through the access conditions, the secure channel and the command, and
// returns the response's wire bytes. Throws NvmWriteTorn when a power cut stops an NVM write.
std::vector<uint8_t> execute_frame(const CommandFrame& frame, StateStore& store, VolatileState& volatile_state);

}  // namespace kb::sim::stsafe_a120
