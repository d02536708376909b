#pragma once
// The host secure session of the STSAFE-A120 (fact sheet section 3): the host MAC and cipher keys,
// the 32-bit C-MAC counter C, and the protected exchange of one command.
//   C-MAC  first 4 bytes of AES-CMAC(MAC key, C | 00 | 80 | 00x10 | 00 | header(s) | len(2) | payload)
//   R-MAC  first 4 bytes of AES-CMAC(MAC key, C' | 40 | 80 | 00x10 | 80 | command header(s) | len |
//          command payload | response header | len | response payload), C' = C + 1
//   C-ENC / R-ENC  AES-CBC with the cipher key; IV = AES-ECB(C+1 | 80 | 80 | 00x10) for commands,
//          AES-ECB(C' | C0 | 80 | 00x10) for responses; padding 80 00.. (1 to 16 bytes)
// Payloads are encrypted before they are MACed, and the MACs cover the bytes as sent.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/frame.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"
#include "hal/crypto.h"

namespace kb::core::stsafe {

inline constexpr size_t kSessionMacBytes = 4;
inline constexpr size_t kAesBlockBytes = 16;
// Subject bytes of the MAC and IV blocks (fact sheet 3.5).
inline constexpr uint8_t kCommandMacSubject = 0x00;
inline constexpr uint8_t kResponseMacSubject = 0x40;
inline constexpr uint8_t kCommandEncryptionSubject = 0x80;
inline constexpr uint8_t kResponseEncryptionSubject = 0xC0;
// Bits 7..5 of a protected command's first byte: C-MAC, R-MAC requested, host channel.
inline constexpr uint8_t kHostProtectionFlags = 0xE0;

// How one command travels (fact sheet 3.1).
struct Protection {
  bool authenticated = false;       // C-MAC on the command, R-MAC on the response
  bool command_encrypted = false;   // C-ENC
  bool response_encrypted = false;  // R-ENC

  constexpr bool any() const { return authenticated || command_encrypted || response_encrypted; }
  bool operator==(const Protection&) const = default;
};

// What ST's library decides from the command access table: an encryption flag → encrypted and
// authenticated; else an access condition other than FREE → authenticated; else plain. A command
// the table does not list is plain.
Protection protection_for(const CommandAccessTable& table, CommandHeader header);

// Bytes of a payload of n bytes after C-ENC padding: the next multiple of 16 strictly above n.
constexpr size_t encrypted_length(size_t n) {
  return (n / kAesBlockBytes + 1) * kAesBlockBytes;
}

// The most plaintext payload bytes (after the header byte or bytes) one command frame carries
// under `protection`: kMaxFrameBytes less the header(s), less the C-MAC of a protected command,
// and with C-ENC the largest n whose padded length still fits.
constexpr size_t max_command_payload(Protection protection, size_t header_bytes) {
  const size_t room = kMaxFrameBytes - header_bytes - (protection.any() ? kSessionMacBytes : 0);
  return protection.command_encrypted ? room / kAesBlockBytes * kAesBlockBytes - 1 : room;
}
// The same for a response: kMaxFrameBytes less its header byte, the R-MAC and the R-ENC padding.
constexpr size_t max_response_payload(Protection protection) {
  const size_t room = kMaxFrameBytes - kResponseHeaderBytes - (protection.any() ? kSessionMacBytes : 0);
  return protection.response_encrypted ? room / kAesBlockBytes * kAesBlockBytes - 1 : room;
}

class HostSession {
 public:
  HostSession() = default;
  ~HostSession() { close(); }
  HostSession(const HostSession&) = delete;
  HostSession& operator=(const HostSession&) = delete;

  // ST's stsafea_open_host_session: Query 0x47 (raw), then C = the counter the chip reports.
  // Keys that fit no host key type (16 or 32 bytes, both the same) → kInvalidArgument with nothing
  // sent; no host key on the chip → kNotProvisioned; keys not of the chip's key type →
  // kInvalidArgument. A previous session is closed first.
  Status open(Transport& transport, hal::Crypto& crypto, std::span<const uint8_t> mac_key,
              std::span<const uint8_t> cipher_key);
  // A session whose counter the host already knows; nothing is sent.
  Status resume(hal::Crypto& crypto, HostKeyType type, std::span<const uint8_t> mac_key,
                std::span<const uint8_t> cipher_key, uint32_t counter);
  // Forgets the keys and wipes what held secrets; closing a closed session clears nothing twice.
  void close();

  bool is_open() const { return open_; }
  HostKeyType key_type() const { return type_; }
  // C: the value the next C-MAC is computed with.
  uint32_t counter() const { return counter_; }

  // Sends one protected command and returns the verified, decrypted response payload (valid
  // until the next exchange). `payload` is the plaintext after the header byte(s).
  // Counter rule (fact sheet 3.4): C advances when the chip answered any status but 0x16 (invalid
  // C-MAC) and 0x01 (communication error) — also when the R-MAC then fails, because the chip has
  // advanced; a failure on the host side or the bus (NACK, CRC, truncation) leaves it.
  // Errors: no session → kNotProvisioned and nothing sent; a frame over 752 bytes after padding and
  // MAC → kInvalidArgument and nothing sent; R-MAC missing → kResponseTruncated, wrong →
  // kResponseMac; encrypted payload not whole blocks or badly padded → kResponseMalformed.
  Result<ResponseFrame> exchange(Transport& transport, CommandHeader header, std::span<const uint8_t> payload,
                                 Protection protection, ExpectedPayload expected);

  // Building blocks of section 3 with the counter value given explicitly, so tests can hold them
  // to the fact sheet's vectors. kNotProvisioned without an open session.
  Status command_mac(uint32_t counter, std::span<const uint8_t> header, std::span<const uint8_t> body,
                     std::span<uint8_t, kSessionMacBytes> out);
  Status response_mac(uint32_t counter, std::span<const uint8_t> command_header, std::span<const uint8_t> command_body,
                      uint8_t response_header, std::span<const uint8_t> response_body,
                      std::span<uint8_t, kSessionMacBytes> out);
  // AES-ECB(cipher key, counter | subject | 80 | 00x10).
  Status encryption_iv(uint32_t counter, uint8_t subject, std::span<uint8_t, kAesBlockBytes> out);

 private:
  // The two MACs share the layout: 16-byte block, then a direction byte and the covered fields.
  std::span<uint8_t> begin_mac_input(uint32_t counter, uint8_t subject, uint8_t direction);
  Status finish_mac(size_t length, std::span<uint8_t, kSessionMacBytes> out);
  void advance();
  std::span<const uint8_t> mac_key() const { return std::span<const uint8_t>(mac_key_).first(key_length_); }
  std::span<const uint8_t> cipher_key() const { return std::span<const uint8_t>(cipher_key_).first(key_length_); }

  hal::Crypto* crypto_ = nullptr;
  bool open_ = false;
  HostKeyType type_ = HostKeyType::kAes128;
  size_t key_length_ = 0;
  uint32_t counter_ = 0;
  std::array<uint8_t, 32> mac_key_{};
  std::array<uint8_t, 32> cipher_key_{};
  // Padded plaintext of an encrypted command, then the decrypted response.
  std::array<uint8_t, kMaxFrameBytes + kAesBlockBytes> work_{};
  // How much of work_ decrypted responses have used since the last close (wiped by close()).
  size_t work_in_use_ = 0;
  // One MAC input: block, direction, command header(s), length, body, response header, length, body.
  std::array<uint8_t, kAesBlockBytes + 1 + 2 + 2 + kMaxFrameBytes + 1 + 2 + kMaxFrameBytes> mac_input_{};
};

}  // namespace kb::core::stsafe
