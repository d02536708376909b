#include <cryptopp/drbg.h>
#include <cryptopp/oids.h>
#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_cryptopp/cryptopp_crypto_state.h"

namespace kb::hal::cryptopp {

namespace {

using SeededDrbg = CryptoPP::Hash_DRBG<CryptoPP::SHA256, 128 / 8, 440 / 8>;

// SP 800-90A Hash_DRBG wants at least 16 bytes of entropy input: the seed, big-endian, padded with
// zeros. The personalization string keeps these streams apart from any other use of the same seed.
std::unique_ptr<CryptoPP::RandomNumberGenerator> make_seeded_rng(uint64_t seed) {
  std::array<uint8_t, 16> entropy{};
  for (size_t i = 0; i < 8; ++i) entropy[i] = static_cast<uint8_t>(seed >> (56 - 8 * i));
  constexpr std::string_view kPersonalization = "keybench seeded host RNG";
  return std::make_unique<SeededDrbg>(entropy.data(), entropy.size(), nullptr, 0,
                                      reinterpret_cast<const CryptoPP::byte*>(kPersonalization.data()),
                                      kPersonalization.size());
}

}  // namespace

CryptoppCrypto::CryptoppCrypto() : state_(std::make_unique<State>()) {
  state_->rng = std::make_unique<CryptoPP::AutoSeededRandomPool>();
  state_->p256.Initialize(CryptoPP::ASN1::secp256r1());
  state_->p256.Precompute();  // Crypto++'s fixed-base table for k·G
}

CryptoppCrypto::CryptoppCrypto(uint64_t seed) : state_(std::make_unique<State>()) {
  state_->rng = make_seeded_rng(seed);
  state_->p256.Initialize(CryptoPP::ASN1::secp256r1());
  state_->p256.Precompute();  // Crypto++'s fixed-base table for k·G
}

CryptoppCrypto::~CryptoppCrypto() = default;

CryptoResult CryptoppCrypto::random(MutableBytes out) {
  return detail::guarded([&] {
    // Hash_DRBG refuses requests over 64 KiB.
    constexpr size_t kChunk = 65536;
    for (size_t done = 0; done < out.size();) {
      size_t n = std::min(kChunk, out.size() - done);
      state_->rng->GenerateBlock(out.data() + done, n);
      done += n;
    }
    return CryptoResult::kOk;
  });
}

}  // namespace kb::hal::cryptopp
