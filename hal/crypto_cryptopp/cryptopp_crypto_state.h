#pragma once
// Private to the Crypto++ backend: what one CryptoppCrypto owns, and helpers its files share.
#include <cryptopp/cryptlib.h>
#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>

#include <memory>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"

namespace kb::hal::cryptopp {

struct CryptoppCrypto::State {
  std::unique_ptr<CryptoPP::RandomNumberGenerator> rng;
  // Held per instance rather than shared: Crypto++ curve arithmetic keeps scratch points in
  // mutable members, so one group object must not serve two threads.
  CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> p256;
};

namespace detail {

// Crypto++ takes pointer + length; an empty span may carry a null pointer, which some of its
// routines assert against even for length 0.
inline const uint8_t* data_or_empty(Bytes b) {
  static const uint8_t kNothing = 0;
  return b.empty() ? &kNothing : b.data();
}

inline bool is_aes_key(Bytes key) {
  return key.size() == 16 || key.size() == 32;
}

// Crypto++ reports problems by throwing; the HAL reports them as values.
template <typename Body>
CryptoResult guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const CryptoPP::InvalidArgument&) {
    return CryptoResult::kInvalidArgument;
  } catch (...) {
    return CryptoResult::kFailed;
  }
}

}  // namespace detail
}  // namespace kb::hal::cryptopp
