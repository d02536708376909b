#pragma once
// AES-GCM and the chunked (streaming) forms of CCM* and GCM inside the chip model, on Crypto++
// like the rest of the model's symmetric cryptography (chip_crypto.h); the host side checks them
// with OpenSSL and against the published vectors (NIST SP 800-38D / the GCM specification's test
// cases, RFC 3610).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace kb::sim::stsafe_a120::chip_aead {

using Bytes = std::vector<uint8_t>;

// AES-GCM (NIST SP 800-38D) with an IV of any non-zero length and a tag of tag_length bytes (the
// first tag_length bytes of the full tag; 1..16). Returns ciphertext | tag.
Bytes gcm_encrypt(std::span<const uint8_t> key, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                  std::span<const uint8_t> message, size_t tag_length);
// The plaintext, or nullopt when the tag does not match.
std::optional<Bytes> gcm_decrypt(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                                 std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                 std::span<const uint8_t> tag);

// One authenticated encryption or decryption fed in pieces: all the AAD first, then the message,
// each in chunks of any length (empty ones too). The bytes and the tag equal the one-shot
// computation over the concatenated inputs. Callers keep the order (no AAD after message bytes)
// and, for CCM, the totals announced at the start; the stream does not check them.
class AeadStream {
 public:
  virtual ~AeadStream() = default;
  virtual void add_aad(std::span<const uint8_t> aad) = 0;
  // Encrypts or decrypts, as the stream was made.
  virtual Bytes process(std::span<const uint8_t> data) = 0;
  // Encryption: the tag (the stream's tag length). Call once, at the end.
  virtual Bytes tag() = 0;
  // Decryption: whether `tag` is the tag of what went through. Call once, at the end.
  virtual bool verify(std::span<const uint8_t> tag) = 0;
};

std::unique_ptr<AeadStream> gcm_stream(std::span<const uint8_t> key, std::span<const uint8_t> iv, size_t tag_length,
                                       bool encrypt);
// CCM* with a 13-byte nonce; tag_length 0 (no authentication), 4, 8 or 16. CCM authenticates the
// lengths first, so they are fixed at the start: aad_total bytes of AAD, message_total of message
// (at most 65535 with a 13-byte nonce).
std::unique_ptr<AeadStream> ccm_stream(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce,
                                       size_t tag_length, size_t aad_total, size_t message_total, bool encrypt);

}  // namespace kb::sim::stsafe_a120::chip_aead
