#include "simulator/stsafe_a120/host_session.h"

#include <algorithm>

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/command_authorization.h"
#include "simulator/stsafe_a120/dispatcher.h"
#include "simulator/stsafe_a120/response.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kSubjectCommandMac = 0x00;
constexpr uint8_t kSubjectResponseMac = 0x40;
constexpr uint8_t kSubjectCommandEncryption = 0x80;
constexpr uint8_t kSubjectResponseEncryption = 0xC0;
constexpr uint8_t kMacMarkerCommand = 0x00;
constexpr uint8_t kMacMarkerResponse = 0x80;
constexpr uint8_t kPaddingStart = 0x80;
constexpr size_t kBlock = chip_crypto::kAesBlock;
constexpr uint32_t kLastCounter = 0xFFFFFFFF;

// The first block of every MAC input and IV input: counter (4, BE) | subject | 80 | 00 x 10.
std::array<uint8_t, kBlock> first_block(uint32_t counter, uint8_t subject) {
  std::array<uint8_t, kBlock> b{};
  for (size_t i = 0; i < 4; ++i) b[i] = static_cast<uint8_t>(counter >> (24 - 8 * i));
  b[4] = subject;
  b[5] = 0x80;
  return b;
}

void append(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_length(std::vector<uint8_t>& out, size_t length) {
  out.push_back(static_cast<uint8_t>(length >> 8));
  out.push_back(static_cast<uint8_t>(length));
}

std::array<uint8_t, 4> truncated_cmac(std::span<const uint8_t> key, std::span<const uint8_t> message) {
  const auto tag = chip_crypto::aes_cmac(key, message);
  return {tag[0], tag[1], tag[2], tag[3]};
}

std::array<uint8_t, kBlock> iv(std::span<const uint8_t> cipher_key, uint32_t counter, uint8_t subject) {
  const auto input = first_block(counter, subject);
  const std::vector<uint8_t> out = chip_crypto::aes_ecb_encrypt(cipher_key, input);
  std::array<uint8_t, kBlock> result{};
  std::copy(out.begin(), out.end(), result.begin());
  return result;
}

std::vector<uint8_t> error(Status status) {
  return encode_response(Response::error(status));
}

std::vector<uint8_t> header_bytes(const CommandFrame& frame) {
  std::vector<uint8_t> h{frame.header};
  if (frame.ext_code) h.push_back(*frame.ext_code);
  return h;
}

std::vector<uint8_t> execute_protected(const CommandFrame& frame, const State& state, uint8_t encryption_flags,
                                       bool access_satisfiable, StateStore& store, VolatileState& volatile_state) {
  if (!state.host_key.present) return error(Status::kKeyNotFound);
  const uint32_t counter = state.host_key.cmac_counter;
  if (counter == kLastCounter) return error(Status::kCMacCounterMaximumReached);
  // The keys that open this command also seal its response, even if the command replaces them.
  const std::vector<uint8_t> mac_key = state.host_key.mac_key;
  const std::vector<uint8_t> cipher_key = state.host_key.cipher_key;
  const std::vector<uint8_t> header = header_bytes(frame);
  const auto expected = command_mac(mac_key, counter, header, frame.payload);
  if (!chip_crypto::equal_in_constant_time(expected, frame.cmac)) return error(Status::kInvalidCMac);

  const uint32_t next = counter + 1;
  store.write_host_key_counter(next);
  if (!access_satisfiable) return error(Status::kAccessConditionNotSatisfied);

  std::vector<uint8_t> payload(frame.payload.begin(), frame.payload.end());
  if ((encryption_flags & kCommandEncrypted) != 0) {
    if (payload.empty() || payload.size() % kBlock != 0) return error(Status::kCommandDecryptionError);
    std::optional<std::vector<uint8_t>> plain =
        remove_padding(chip_crypto::aes_cbc_decrypt(cipher_key, command_iv(cipher_key, next), payload));
    if (!plain) return error(Status::kCommandDecryptionError);
    payload = std::move(*plain);
  }

  // Handlers see the state with the counter already advanced.
  const State fresh = store.read();
  CommandContext context{fresh, store, volatile_state, true};
  Response response = dispatch(frame, payload, context);
  if (response.status != Status::kOk) return encode_response(response);

  std::vector<uint8_t> body = std::move(response.payload);
  // The host library encrypts only responses that carry a payload (fact sheet 3.5).
  if ((encryption_flags & kResponseEncrypted) != 0 && !body.empty()) {
    body = chip_crypto::aes_cbc_encrypt(cipher_key, response_iv(cipher_key, next), add_padding(body));
  }
  const auto rmac = response_mac(mac_key, next, header, frame.payload, kProtectedResponseHeader, body);
  body.insert(body.end(), rmac.begin(), rmac.end());
  return encode_response_frame(kProtectedResponseHeader, body);
}
}  // namespace

std::array<uint8_t, 4> command_mac(std::span<const uint8_t> mac_key, uint32_t counter, std::span<const uint8_t> header,
                                   std::span<const uint8_t> payload) {
  std::vector<uint8_t> m;
  append(m, first_block(counter, kSubjectCommandMac));
  m.push_back(kMacMarkerCommand);
  append(m, header);
  append_length(m, payload.size());
  append(m, payload);
  return truncated_cmac(mac_key, m);
}

std::array<uint8_t, 4> response_mac(std::span<const uint8_t> mac_key, uint32_t next_counter,
                                    std::span<const uint8_t> command_header, std::span<const uint8_t> command_payload,
                                    uint8_t response_header, std::span<const uint8_t> response_payload) {
  std::vector<uint8_t> m;
  append(m, first_block(next_counter, kSubjectResponseMac));
  m.push_back(kMacMarkerResponse);
  append(m, command_header);
  append_length(m, command_payload.size());
  append(m, command_payload);
  m.push_back(response_header);
  append_length(m, response_payload.size());
  append(m, response_payload);
  return truncated_cmac(mac_key, m);
}

std::array<uint8_t, 16> command_iv(std::span<const uint8_t> cipher_key, uint32_t next_counter) {
  return iv(cipher_key, next_counter, kSubjectCommandEncryption);
}

std::array<uint8_t, 16> response_iv(std::span<const uint8_t> cipher_key, uint32_t next_counter) {
  return iv(cipher_key, next_counter, kSubjectResponseEncryption);
}

std::vector<uint8_t> add_padding(std::span<const uint8_t> data) {
  std::vector<uint8_t> out(data.begin(), data.end());
  out.push_back(kPaddingStart);
  while (out.size() % kBlock != 0) out.push_back(0x00);
  return out;
}

std::optional<std::vector<uint8_t>> remove_padding(std::span<const uint8_t> data) {
  // The padding is 1..16 bytes: 80 then zeros, inside the last block.
  for (size_t n = 1; n <= kBlock && n <= data.size(); ++n) {
    const uint8_t b = data[data.size() - n];
    if (b == kPaddingStart) return std::vector<uint8_t>(data.begin(), data.end() - static_cast<std::ptrdiff_t>(n));
    if (b != 0x00) return std::nullopt;
  }
  return std::nullopt;
}

std::vector<uint8_t> execute_frame(const CommandFrame& frame, StateStore& store, VolatileState& volatile_state) {
  const State state = store.read();
  const CommandAuthorization* record = state.command_access.find(frame.code, frame.ext_code);
  const AccessCondition access = record ? record->access : AccessCondition::kFree;
  const uint8_t encryption_flags = record ? record->encryption_flags : 0;
  // The model has neither an admin key nor a way to reach NEVER: only FREE and HOST can be met.
  const bool satisfiable = access == AccessCondition::kFree || access == AccessCondition::kHost;

  const uint8_t protection = frame.header & kProtectionMask;
  if (protection == 0) {
    // Fact sheet 8.5: a command that needs the host channel and arrives without it is refused
    // before it runs.
    if (access != AccessCondition::kFree || encryption_flags != 0) return error(Status::kAccessConditionNotSatisfied);
    CommandContext context{state, store, volatile_state};
    return encode_response(dispatch(frame, frame.payload, context));
  }
  // Only the host channel (C-MAC, R-MAC and host bits together) exists on this chip model; the
  // older "session" channel combinations have no session to belong to.
  if (protection != kProtectionMask) return error(Status::kSessionError);
  return execute_protected(frame, state, encryption_flags, satisfiable, store, volatile_state);
}

}  // namespace kb::sim::stsafe_a120
