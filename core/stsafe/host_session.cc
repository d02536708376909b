#include "core/stsafe/host_session.h"

#include <algorithm>

#include "core/stsafe/commands/query.h"
#include "core/stsafe/crc16.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe {

namespace {

constexpr uint8_t kCommandDirection = 0x00;
constexpr uint8_t kResponseDirection = 0x80;
constexpr uint8_t kBlockMarker = 0x80;
constexpr uint8_t kPaddingStart = 0x80;

Status crypto_status(hal::CryptoResult r) {
  return r == hal::CryptoResult::kOk ? Status() : Status(Code::kCrypto);
}

void put_be32(uint8_t* out, uint32_t v) {
  out[0] = static_cast<uint8_t>(v >> 24);
  out[1] = static_cast<uint8_t>(v >> 16);
  out[2] = static_cast<uint8_t>(v >> 8);
  out[3] = static_cast<uint8_t>(v);
}

// Writes `len(2, BE) | bytes` at out; returns the bytes written.
size_t put_field(uint8_t* out, std::span<const uint8_t> bytes) {
  out[0] = static_cast<uint8_t>(bytes.size() >> 8);
  out[1] = static_cast<uint8_t>(bytes.size() & 0xFF);
  std::copy(bytes.begin(), bytes.end(), out + 2);
  return 2 + bytes.size();
}

// The chip verified the C-MAC and moved its counter for every status except these two.
bool chip_advanced_counter(uint8_t status) {
  return status != device_status::kInvalidCMac && status != device_status::kCommunicationError;
}

// Length of the plaintext before `80 00..` padding confined to the last block; 0 on a bad pad
// together with ok == false.
size_t unpadded_length(std::span<const uint8_t> padded, bool& ok) {
  ok = false;
  const size_t stop = padded.size() - kAesBlockBytes;
  for (size_t i = padded.size(); i-- > stop;) {
    if (padded[i] == kPaddingStart) {
      ok = true;
      return i;
    }
    if (padded[i] != 0x00) return 0;
  }
  return 0;
}

}  // namespace

Protection protection_for(const CommandAccessTable& table, CommandHeader header) {
  const CommandAccessRecord* record = table.find(header.code, header.extended_code);
  if (record == nullptr) return {};
  Protection p;
  if (record->command_encrypted || record->response_encrypted) {
    p.authenticated = true;
    p.command_encrypted = record->command_encrypted;
    p.response_encrypted = record->response_encrypted;
  } else {
    p.authenticated = record->access != AccessCondition::kFree;
  }
  return p;
}

Status HostSession::open(Transport& transport, hal::Crypto& crypto, std::span<const uint8_t> mac_key,
                         std::span<const uint8_t> cipher_key) {
  if (mac_key.size() != cipher_key.size() || (mac_key.size() != 16 && mac_key.size() != 32)) {
    return Code::kInvalidArgument;
  }
  close();
  auto slot = commands::query_host_key_slot(transport);
  if (!slot.ok()) return slot.status();
  if (!slot->present) return Code::kNotProvisioned;
  return resume(crypto, slot->type, mac_key, cipher_key, slot->cmac_counter);
}

Status HostSession::resume(hal::Crypto& crypto, HostKeyType type, std::span<const uint8_t> mac_key,
                           std::span<const uint8_t> cipher_key, uint32_t counter) {
  if (type != HostKeyType::kAes128 && type != HostKeyType::kAes256) return Code::kInvalidArgument;
  const size_t length = host_key_length(type);
  if (mac_key.size() != length || cipher_key.size() != length) return Code::kInvalidArgument;
  close();
  std::copy(mac_key.begin(), mac_key.end(), mac_key_.begin());
  std::copy(cipher_key.begin(), cipher_key.end(), cipher_key_.begin());
  crypto_ = &crypto;
  type_ = type;
  key_length_ = length;
  counter_ = counter;
  open_ = true;
  return Code::kOk;
}

// Only the bytes that can hold secrets are cleared: the keys while a session holds them, and the
// part of work_ a decrypted response used. The padded plaintext is wiped right after encryption and
// each MAC input right after its MAC, so a session that never opened costs nothing to close.
void HostSession::close() {
  if (key_length_ != 0) {
    wipe(std::span<uint8_t>(mac_key_).first(key_length_));
    wipe(std::span<uint8_t>(cipher_key_).first(key_length_));
  }
  wipe(std::span<uint8_t>(work_).first(work_in_use_));
  work_in_use_ = 0;
  open_ = false;
  key_length_ = 0;
  counter_ = 0;
}

// At 0xFFFFFFFF the chip refuses every command (status 0x09) without moving its counter, so the
// host copy stays there too instead of wrapping to a value the chip would accept again.
void HostSession::advance() {
  if (counter_ != UINT32_MAX) ++counter_;
}

std::span<uint8_t> HostSession::begin_mac_input(uint32_t counter, uint8_t subject, uint8_t direction) {
  std::fill_n(mac_input_.begin(), kAesBlockBytes, uint8_t{0});
  put_be32(mac_input_.data(), counter);
  mac_input_[4] = subject;
  mac_input_[5] = kBlockMarker;
  mac_input_[kAesBlockBytes] = direction;
  return std::span<uint8_t>(mac_input_).subspan(kAesBlockBytes + 1);
}

Status HostSession::finish_mac(size_t length, std::span<uint8_t, kSessionMacBytes> out) {
  std::array<uint8_t, kAesBlockBytes> tag{};
  const std::span<uint8_t> input = std::span<uint8_t>(mac_input_).first(length);
  const Status s = crypto_status(crypto_->aes_cmac(mac_key(), input, tag));
  // A MAC input can repeat a plaintext payload that carried key values.
  wipe(input);
  KB_TRY(s);
  std::copy_n(tag.begin(), kSessionMacBytes, out.begin());
  return Code::kOk;
}

Status HostSession::command_mac(uint32_t counter, std::span<const uint8_t> header, std::span<const uint8_t> body,
                                std::span<uint8_t, kSessionMacBytes> out) {
  if (!open_) return Code::kNotProvisioned;
  if (header.size() + body.size() > kMaxFrameBytes) return Code::kInvalidArgument;
  uint8_t* p = begin_mac_input(counter, kCommandMacSubject, kCommandDirection).data();
  p = std::copy(header.begin(), header.end(), p);
  p += put_field(p, body);
  return finish_mac(static_cast<size_t>(p - mac_input_.data()), out);
}

Status HostSession::response_mac(uint32_t counter, std::span<const uint8_t> command_header,
                                 std::span<const uint8_t> command_body, uint8_t response_header,
                                 std::span<const uint8_t> response_body, std::span<uint8_t, kSessionMacBytes> out) {
  if (!open_) return Code::kNotProvisioned;
  if (command_header.size() + command_body.size() > kMaxFrameBytes || response_body.size() >= kMaxFrameBytes) {
    return Code::kInvalidArgument;
  }
  uint8_t* p = begin_mac_input(counter, kResponseMacSubject, kResponseDirection).data();
  p = std::copy(command_header.begin(), command_header.end(), p);
  p += put_field(p, command_body);
  *p++ = response_header;
  p += put_field(p, response_body);
  return finish_mac(static_cast<size_t>(p - mac_input_.data()), out);
}

Status HostSession::encryption_iv(uint32_t counter, uint8_t subject, std::span<uint8_t, kAesBlockBytes> out) {
  if (!open_) return Code::kNotProvisioned;
  std::array<uint8_t, kAesBlockBytes> block{};
  put_be32(block.data(), counter);
  block[4] = subject;
  block[5] = kBlockMarker;
  return crypto_status(crypto_->aes_ecb_encrypt(cipher_key(), block, out));
}

Result<ResponseFrame> HostSession::exchange(Transport& transport, CommandHeader header,
                                            std::span<const uint8_t> payload, Protection protection,
                                            ExpectedPayload expected) {
  if (!open_) return Code::kNotProvisioned;
  const size_t header_length = header.is_extended() ? 2 : 1;
  const size_t body_length = protection.command_encrypted ? encrypted_length(payload.size()) : payload.size();
  if (header_length + body_length + kSessionMacBytes > kMaxFrameBytes) return Code::kInvalidArgument;

  const std::span<uint8_t> tx = transport.command_buffer();
  tx[0] = static_cast<uint8_t>(header.code | kHostProtectionFlags);
  if (header.is_extended()) tx[1] = header.extended_code;
  const std::span<uint8_t> body = tx.subspan(header_length, body_length);
  if (protection.command_encrypted) {
    const std::span<uint8_t> padded = std::span<uint8_t>(work_).first(body_length);
    std::copy(payload.begin(), payload.end(), padded.begin());
    padded[payload.size()] = kPaddingStart;
    std::fill(padded.begin() + static_cast<std::ptrdiff_t>(payload.size()) + 1, padded.end(), uint8_t{0});
    std::array<uint8_t, kAesBlockBytes> iv{};
    Status s = encryption_iv(counter_ + 1, kCommandEncryptionSubject, iv);
    if (s.ok()) s = crypto_status(crypto_->aes_cbc_encrypt(cipher_key(), iv, padded, body));
    wipe(padded);
    KB_TRY(s);
  } else {
    std::copy(payload.begin(), payload.end(), body.begin());
  }
  const std::span<const uint8_t> header_bytes = tx.first(header_length);
  KB_TRY(command_mac(counter_, header_bytes, body, tx.subspan(header_length + body_length).first<kSessionMacBytes>()));
  const size_t covered = header_length + body_length + kSessionMacBytes;
  const uint16_t crc = crc16(tx.first(covered));
  tx[covered] = static_cast<uint8_t>(crc >> 8);
  tx[covered + 1] = static_cast<uint8_t>(crc & 0xFF);

  Result<ResponseFrame> response = transport.transfer(tx.first(covered + kCrcBytes), expect_at_least(0));
  if (!response.ok()) {
    const Status s = response.status();
    if (s.code() == Code::kDeviceStatus && chip_advanced_counter(s.device_status())) advance();
    return s;
  }
  advance();

  const std::span<const uint8_t> received = response->payload;
  if (received.size() < kSessionMacBytes) return Code::kResponseTruncated;
  const std::span<const uint8_t> response_body = received.first(received.size() - kSessionMacBytes);
  std::array<uint8_t, kSessionMacBytes> expected_mac{};
  // The command as sent is still in the transport's buffer.
  const std::span<const uint8_t> sent = transport.last_command();
  KB_TRY(response_mac(counter_, sent.first(header_length), sent.subspan(header_length, body_length), response->header,
                      response_body, expected_mac));
  if (!equal_in_constant_time(expected_mac, received.last(kSessionMacBytes))) return Code::kResponseMac;

  std::span<const uint8_t> plain = response_body;
  if (protection.response_encrypted && !response_body.empty()) {
    if (response_body.size() % kAesBlockBytes != 0) return Code::kResponseMalformed;
    std::array<uint8_t, kAesBlockBytes> iv{};
    KB_TRY(encryption_iv(counter_, kResponseEncryptionSubject, iv));
    const std::span<uint8_t> decrypted = std::span<uint8_t>(work_).first(response_body.size());
    work_in_use_ = std::max(work_in_use_, decrypted.size());
    KB_TRY(crypto_status(crypto_->aes_cbc_decrypt(cipher_key(), iv, response_body, decrypted)));
    bool padding_ok = false;
    const size_t length = unpadded_length(decrypted, padding_ok);
    if (!padding_ok) {
      wipe(decrypted);
      return Code::kResponseMalformed;
    }
    plain = decrypted.first(length);
  }
  if (plain.size() < expected.min_length) return Code::kResponseTruncated;
  if (expected.longer_is_malformed && plain.size() > expected.min_length) return Code::kResponseMalformed;
  if (expected.exact) plain = plain.first(expected.min_length);
  return ResponseFrame{response->header, plain};
}

}  // namespace kb::core::stsafe
