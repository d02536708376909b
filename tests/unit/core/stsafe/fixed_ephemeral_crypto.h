#pragma once
// The OpenSSL backend with one change: p256_generate always returns the host ephemeral key of the
// fact sheet's deterministic vector (private key 32 x 22, section 4.6), so a whole KEK or ECDHE
// exchange can be held to that vector byte for byte.
#include <algorithm>
#include <cstdint>

#include "hal/crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/forwarding_crypto.h"

namespace kb::test {

// The backend is a base so that it exists before the forwarding base refers to it.
struct SeededOpensslCrypto {
  hal::openssl::OpensslCrypto openssl{7};
};

class FixedEphemeralCrypto final : private SeededOpensslCrypto, public ForwardingCrypto {
 public:
  FixedEphemeralCrypto() : ForwardingCrypto(openssl) {}

  R p256_generate(MutableBytes private32, MutableBytes public64) override {
    ++generated;
    std::fill(private32.begin(), private32.end(), uint8_t{0x22});
    return p256_public_from_private(private32, public64);
  }

  int generated = 0;
};

}  // namespace kb::test
