#include <cryptopp/hkdf.h>
#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_cryptopp/cryptopp_crypto_state.h"

namespace kb::hal::cryptopp {

using detail::data_or_empty;
using detail::guarded;

CryptoResult CryptoppCrypto::sha256(Bytes message, MutableBytes digest32) {
  if (digest32.size() != CryptoPP::SHA256::DIGESTSIZE) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::SHA256().CalculateDigest(digest32.data(), data_or_empty(message), message.size());
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) {
  if (mac32.size() != CryptoPP::SHA256::DIGESTSIZE) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::HMAC<CryptoPP::SHA256> hmac(data_or_empty(key), key.size());
    hmac.CalculateDigest(mac32.data(), data_or_empty(message), message.size());
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) {
  CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
  if (okm.empty() || okm.size() > hkdf.MaxDerivedKeyLength()) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    // A null salt makes Crypto++ use HashLen zero bytes, RFC 5869's "not provided".
    hkdf.DeriveKey(okm.data(), okm.size(), data_or_empty(ikm), ikm.size(), salt.empty() ? nullptr : salt.data(),
                   salt.size(), data_or_empty(info), info.size());
    return CryptoResult::kOk;
  });
}

}  // namespace kb::hal::cryptopp
