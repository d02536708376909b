#pragma once
// The tests' own P-256 arithmetic on OpenSSL, to check the model's keys and signatures from
// outside: the public point of a scalar, and an ECDSA verification of a raw R | S signature.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <vector>

namespace kb::sim::atecc608a::test_support {

// X | Y (64 bytes) of d·G; empty when d is not a valid scalar.
inline std::vector<uint8_t> openssl_public_point(const std::vector<uint8_t>& d) {
  std::vector<uint8_t> xy;
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  EC_POINT* point = EC_POINT_new(group);
  BIGNUM* scalar = BN_bin2bn(d.data(), static_cast<int>(d.size()), nullptr);
  std::vector<uint8_t> encoded(65);
  if (EC_POINT_mul(group, point, scalar, nullptr, nullptr, nullptr) == 1 &&
      EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, encoded.data(), encoded.size(), nullptr) == 65) {
    xy.assign(encoded.begin() + 1, encoded.end());
  }
  BN_free(scalar);
  EC_POINT_free(point);
  EC_GROUP_free(group);
  return xy;
}

// ECDSA verification of a raw R | S signature of a 32-byte digest under the public key X | Y.
inline bool openssl_verifies_raw(const std::vector<uint8_t>& xy, const std::vector<uint8_t>& digest,
                                 const std::vector<uint8_t>& rs) {
  if (xy.size() != 64 || rs.size() != 64) return false;
  std::vector<uint8_t> encoded{0x04};
  for (uint8_t b : xy) encoded.push_back(b);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  const bool have_key =
      EVP_PKEY_fromdata_init(from) == 1 && EVP_PKEY_fromdata(from, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(rs.data(), 32, nullptr), BN_bin2bn(rs.data() + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig, &der);
  bool ok = false;
  if (have_key && der_len > 0) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    ok = EVP_PKEY_verify_init(ctx) == 1 &&
         EVP_PKEY_verify(ctx, der, static_cast<size_t>(der_len), digest.data(), digest.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
  }
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return ok;
}

}  // namespace kb::sim::atecc608a::test_support
