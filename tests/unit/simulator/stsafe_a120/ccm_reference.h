#pragma once
// CCM (RFC 3610 section 2, with the CCM* empty tag of IEEE 802.15.4) written out on single AES
// block encryptions, for checking the model's CCM* commands. Independent of Crypto++'s CCM mode,
// which the model uses.
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120::test_support {

// ciphertext | tag for a 13-byte nonce (length field L = 2), tag_length 0, 4, 6, .., 16.
inline Bytes ccm_reference_encrypt(const Bytes& key, const Bytes& nonce, const Bytes& aad, const Bytes& message,
                                   size_t tag_length) {
  auto block_xor = [](Bytes a, const Bytes& b) {
    for (size_t i = 0; i < a.size(); ++i) a[i] ^= b[i];
    return a;
  };
  auto counter_block = [&](size_t i) { return cat({Bytes{0x01}, nonce, be16(i)}); };

  Bytes tag;
  if (tag_length > 0) {
    Bytes b0 = cat({Bytes{static_cast<uint8_t>((aad.empty() ? 0 : 0x40) | ((tag_length - 2) / 2) << 3 | 0x01)}, nonce,
                    be16(message.size())});
    Bytes x = aes_ecb(key, b0);
    Bytes authenticated;
    if (!aad.empty()) {
      authenticated = cat({be16(aad.size()), aad});
      while (authenticated.size() % 16 != 0) authenticated.push_back(0x00);
    }
    Bytes m = message;
    while (m.size() % 16 != 0) m.push_back(0x00);
    authenticated = cat({authenticated, m});
    for (size_t at = 0; at < authenticated.size(); at += 16) {
      x = aes_ecb(key, block_xor(x, Bytes(authenticated.begin() + static_cast<long>(at),
                                          authenticated.begin() + static_cast<long>(at + 16))));
    }
    const Bytes s0 = aes_ecb(key, counter_block(0));
    for (size_t i = 0; i < tag_length; ++i) tag.push_back(static_cast<uint8_t>(x[i] ^ s0[i]));
  }
  Bytes out;
  for (size_t at = 0; at < message.size(); at += 16) {
    const Bytes s = aes_ecb(key, counter_block(at / 16 + 1));
    for (size_t i = at; i < std::min(message.size(), at + 16); ++i) out.push_back(message[i] ^ s[i - at]);
  }
  return cat({out, tag});
}

}  // namespace kb::sim::stsafe_a120::test_support
