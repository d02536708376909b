#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>
#include <cryptopp/integer.h>
#include <cryptopp/sha.h>

#include <optional>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_cryptopp/cryptopp_crypto_state.h"

namespace kb::hal::cryptopp {

using detail::guarded;

namespace {

using Group = CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP>;
using Point = CryptoPP::ECP::Point;
using CryptoPP::Integer;

constexpr size_t kScalar = 32;

Integer big_endian(const uint8_t* bytes) {
  return Integer(bytes, kScalar);
}

// k·G with Crypto++'s own base-point exponentiation. k is already known to lie in [1, n-1].
void write_base_multiple(const Group& group, const Integer& k, MutableBytes public64) {
  const Point q = group.ExponentiateBase(k);
  q.x.Encode(public64.data(), kScalar);
  q.y.Encode(public64.data() + kScalar, kScalar);
}

// A private scalar must lie in [1, n-1]; 0 or anything >= n is not a key.
std::optional<Integer> private_scalar(const Group& group, Bytes private32) {
  Integer d = big_endian(private32.data());
  if (d.IsZero() || d >= group.GetSubgroupOrder()) return std::nullopt;
  return d;
}

// Coordinates must be field elements and satisfy the curve equation. P-256 has cofactor 1, so
// every such point is in the prime-order group and no further subgroup check is needed.
std::optional<Point> public_point(const Group& group, Bytes public64) {
  Point p(big_endian(public64.data()), big_endian(public64.data() + kScalar));
  if (!group.GetCurve().VerifyPoint(p)) return std::nullopt;
  return p;
}

}  // namespace

CryptoResult CryptoppCrypto::p256_generate(MutableBytes private32, MutableBytes public64) {
  if (private32.size() != kScalar || public64.size() != 2 * kScalar) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    const Group& group = state_->p256;
    Integer d(*state_->rng, Integer::One(), group.GetSubgroupOrder() - 1);
    d.Encode(private32.data(), kScalar);
    write_base_multiple(group, d, public64);
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::p256_public_from_private(Bytes private32, MutableBytes public64) {
  if (private32.size() != kScalar || public64.size() != 2 * kScalar) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    const Group& group = state_->p256;
    auto d = private_scalar(group, private32);
    if (!d) return CryptoResult::kInvalidKey;
    write_base_multiple(group, *d, public64);
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) {
  if (private32.size() != kScalar || peer_public64.size() != 2 * kScalar || shared_x32.size() != kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  return guarded([&] {
    const Group& group = state_->p256;
    auto d = private_scalar(group, private32);
    auto peer = public_point(group, peer_public64);
    if (!d || !peer) return CryptoResult::kInvalidKey;
    Point shared = group.GetCurve().ScalarMultiply(*peer, *d);
    if (shared.identity) return CryptoResult::kFailed;
    shared.x.Encode(shared_x32.data(), kScalar);
    return CryptoResult::kOk;
  });
}

// The digest is already computed, so Crypto++'s hash-then-sign schemes do not fit; the ECDSA
// algorithm objects below work on the integer e directly. For a 256-bit group order, e is the
// whole 32-byte digest read big-endian (SEC 1 / FIPS 186 truncation keeps all 256 bits).
CryptoResult CryptoppCrypto::p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) {
  if (private32.size() != kScalar || digest32.size() != kScalar || signature64.size() != 2 * kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  return guarded([&] {
    const Group& group = state_->p256;
    auto d = private_scalar(group, private32);
    if (!d) return CryptoResult::kInvalidKey;
    const Integer& n = group.GetSubgroupOrder();
    const Integer e = big_endian(digest32.data());
    CryptoPP::DL_Algorithm_ECDSA_RFC6979<CryptoPP::ECP, CryptoPP::SHA256> ecdsa;
    const Integer k = ecdsa.GenerateRandom(*d, n, e);
    Integer r = group.ExponentiateBase(k).x;  // as ConvertElementToInteger gives it
    Integer s;
    ecdsa.Sign(group, *d, k, e, r, s);                           // reduces r mod n, then s = k^-1 (e + d r) mod n
    if (r.IsZero() || s.IsZero()) return CryptoResult::kFailed;  // probability ~2^-256
    r.Encode(signature64.data(), kScalar);
    s.Encode(signature64.data() + kScalar, kScalar);
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) {
  if (public64.size() != 2 * kScalar || digest32.size() != kScalar || signature64.size() != 2 * kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  return guarded([&] {
    const Group& group = state_->p256;
    auto q = public_point(group, public64);
    if (!q) return CryptoResult::kInvalidKey;
    CryptoPP::DL_PublicKey_EC<CryptoPP::ECP> key;
    key.Initialize(group, *q);
    const Integer r = big_endian(signature64.data());
    const Integer s = big_endian(signature64.data() + kScalar);
    CryptoPP::DL_Algorithm_ECDSA<CryptoPP::ECP> ecdsa;
    // Rejects r or s outside [1, n-1] before any arithmetic.
    bool valid = ecdsa.Verify(group, key, big_endian(digest32.data()), r, s);
    return valid ? CryptoResult::kOk : CryptoResult::kVerifyFailed;
  });
}

}  // namespace kb::hal::cryptopp
