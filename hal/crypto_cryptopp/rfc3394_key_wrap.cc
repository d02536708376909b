#include "hal/crypto_cryptopp/rfc3394_key_wrap.h"

#include <cryptopp/misc.h>
#include <cryptopp/secblock.h>

#include <algorithm>
#include <array>

namespace kb::hal::cryptopp {

namespace {

constexpr size_t kSemiblock = 8;
constexpr std::array<uint8_t, kSemiblock> kDefaultIv{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6};

// A ^= t, with t as a 64-bit big-endian integer (RFC 3394 section 2.2.1).
void xor_step_counter(uint8_t* a, uint64_t t) {
  for (size_t i = 0; i < kSemiblock; ++i) a[kSemiblock - 1 - i] ^= static_cast<uint8_t>(t >> (8 * i));
}

}  // namespace

void rfc3394_wrap(const CryptoPP::BlockTransformation& encrypt, Bytes in, MutableBytes out) {
  const size_t n = in.size() / kSemiblock;
  // Working buffer A | R[1] .. R[n], so the caller's buffers may overlap.
  CryptoPP::SecByteBlock ar(in.size() + kSemiblock);
  std::copy(kDefaultIv.begin(), kDefaultIv.end(), ar.begin());
  std::copy(in.begin(), in.end(), ar.begin() + kSemiblock);
  uint8_t* a = ar.begin();
  CryptoPP::SecByteBlock b(16);
  for (uint64_t j = 0; j <= 5; ++j) {
    for (size_t i = 1; i <= n; ++i) {
      uint8_t* r = ar.begin() + i * kSemiblock;
      std::copy(a, a + kSemiblock, b.begin());
      std::copy(r, r + kSemiblock, b.begin() + kSemiblock);
      encrypt.ProcessBlock(b);
      std::copy(b.begin(), b.begin() + kSemiblock, a);
      xor_step_counter(a, n * j + i);
      std::copy(b.begin() + kSemiblock, b.end(), r);
    }
  }
  std::copy(ar.begin(), ar.end(), out.begin());
}

bool rfc3394_unwrap(const CryptoPP::BlockTransformation& decrypt, Bytes in, MutableBytes out) {
  const size_t n = in.size() / kSemiblock - 1;
  CryptoPP::SecByteBlock ar(in.data(), in.size());
  uint8_t* a = ar.begin();
  CryptoPP::SecByteBlock b(16);
  for (uint64_t j = 6; j-- > 0;) {
    for (size_t i = n; i >= 1; --i) {
      uint8_t* r = ar.begin() + i * kSemiblock;
      std::copy(a, a + kSemiblock, b.begin());
      xor_step_counter(b.begin(), n * j + i);
      std::copy(r, r + kSemiblock, b.begin() + kSemiblock);
      decrypt.ProcessBlock(b);
      std::copy(b.begin(), b.begin() + kSemiblock, a);
      std::copy(b.begin() + kSemiblock, b.end(), r);
    }
  }
  // Constant time, so a forger learns nothing from how long the rejection took.
  if (!CryptoPP::VerifyBufsEqual(a, kDefaultIv.data(), kSemiblock)) {
    CryptoPP::SecureWipeBuffer(out.data(), out.size());
    return false;
  }
  std::copy(ar.begin() + kSemiblock, ar.end(), out.begin());
  return true;
}

}  // namespace kb::hal::cryptopp
