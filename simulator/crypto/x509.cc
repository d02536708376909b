#include "simulator/crypto/x509.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

#include "simulator/crypto/ec.h"

namespace kb::sim::crypto::x509 {

namespace {

template <auto F>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    F(p);
  }
};
using LibCtx = std::unique_ptr<OSSL_LIB_CTX, Deleter<OSSL_LIB_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Asn1Integer = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1Time = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

[[noreturn]] void fail(const std::string& what) {
  ERR_clear_error();
  throw std::runtime_error("certificate: OpenSSL " + what + " failed");
}

// A P-256 key in library context lib: the public point, and the private scalar when d is given.
Pkey p256_key(OSSL_LIB_CTX* lib, std::span<const uint8_t> public_xy, const BIGNUM* d) {
  std::vector<uint8_t> point(1 + public_xy.size());
  point[0] = 0x04;
  std::copy(public_xy.begin(), public_xy.end(), point.begin() + 1);
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1 ||
      (d != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1)) {
    fail("key parameters");
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(lib, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    fail("key import");
  }
  return Pkey(key);
}

void set_name(X509_NAME* name, const Name& n) {
  auto add = [name](const char* field, const std::string& value) {
    if (value.empty()) return;
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      ERR_clear_error();
      throw std::invalid_argument(std::string("certificate: name field ") + field + " refused");
    }
  };
  add("C", n.country);
  add("O", n.organization);
  add("CN", n.common_name);
}

void set_time(X509* cert, int64_t seconds, bool not_before) {
  Asn1Time t(ASN1_TIME_set(nullptr, static_cast<time_t>(seconds)));
  if (!t) fail("ASN1_TIME_set");
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; ASN1_TIME_set does so.
  const int ok = not_before ? X509_set1_notBefore(cert, t.get()) : X509_set1_notAfter(cert, t.get());
  if (ok != 1) fail("validity");
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  Extension ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) fail(std::string("extension ") + value);
}

}  // namespace

std::vector<uint8_t> issue_p256(const CertificateSpec& spec, std::span<const uint8_t> issuer_private_key,
                                std::span<const uint8_t> entropy) {
  using ec::Curve;
  if (!ec::private_key_is_valid(Curve::kNistP256, issuer_private_key)) {
    throw std::invalid_argument("certificate: issuer key is not a P-256 private key");
  }
  if (!ec::public_key_is_valid(Curve::kNistP256, spec.subject_public_key)) {
    throw std::invalid_argument("certificate: subject key is not a P-256 public key");
  }
  if (spec.serial.empty() || spec.serial.size() > 20 || (spec.serial[0] & 0x80) != 0) {
    throw std::invalid_argument("certificate: serial must be 1..20 bytes and positive");
  }
  if (entropy.size() < kSignEntropyLength) throw std::invalid_argument("certificate: not enough entropy");

  // The signing context: its random generator hands out exactly `entropy`.
  LibCtx lib(OSSL_LIB_CTX_new());
  if (!lib || RAND_set_DRBG_type(lib.get(), "TEST-RAND", nullptr, nullptr, nullptr) != 1) fail("TEST-RAND context");
  std::vector<uint8_t> seed(entropy.begin(), entropy.end());
  const OSSL_PARAM rand_params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, seed.data(), seed.size()),
      OSSL_PARAM_construct_end()};
  const bool seeded = EVP_RAND_CTX_set_params(RAND_get0_private(lib.get()), rand_params) == 1;
  OPENSSL_cleanse(seed.data(), seed.size());
  if (!seeded) fail("TEST-RAND entropy");

  const std::optional<std::vector<uint8_t>> issuer_public = ec::public_key(Curve::kNistP256, issuer_private_key);
  if (!issuer_public) throw std::invalid_argument("certificate: issuer key is not a P-256 private key");
  Bn d(BN_bin2bn(issuer_private_key.data(), static_cast<int>(issuer_private_key.size()), nullptr));
  if (!d) fail("BN_bin2bn");
  Pkey issuer_key = p256_key(lib.get(), *issuer_public, d.get());
  Pkey subject_key = p256_key(lib.get(), spec.subject_public_key, nullptr);

  Cert cert(X509_new_ex(lib.get(), nullptr));
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) fail("X509_new");
  Bn serial_bn(BN_bin2bn(spec.serial.data(), static_cast<int>(spec.serial.size()), nullptr));
  Asn1Integer serial(serial_bn ? BN_to_ASN1_INTEGER(serial_bn.get(), nullptr) : nullptr);
  if (!serial || X509_set_serialNumber(cert.get(), serial.get()) != 1) fail("serial number");
  set_name(X509_get_issuer_name(cert.get()), spec.issuer);
  set_name(X509_get_subject_name(cert.get()), spec.subject);
  set_time(cert.get(), spec.not_before, true);
  set_time(cert.get(), spec.not_after, false);
  if (X509_set_pubkey(cert.get(), subject_key.get()) != 1) fail("X509_set_pubkey");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, spec.ca ? cert.get() : nullptr, cert.get(), nullptr, nullptr, 0);
  if (spec.ca) {
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  } else {
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  }

  MdCtx md(EVP_MD_CTX_new());
  if (!md || EVP_DigestSignInit_ex(md.get(), nullptr, "SHA256", lib.get(), nullptr, issuer_key.get(), nullptr) != 1 ||
      X509_sign_ctx(cert.get(), md.get()) <= 0) {
    fail("X509_sign_ctx");
  }
  const int length = i2d_X509(cert.get(), nullptr);
  if (length <= 0) fail("i2d_X509");
  std::vector<uint8_t> der(static_cast<size_t>(length));
  unsigned char* p = der.data();
  if (i2d_X509(cert.get(), &p) != length) fail("i2d_X509");
  return der;
}

std::string to_pem(std::span<const uint8_t> der) {
  const unsigned char* p = der.data();
  Cert cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size()) {
    ERR_clear_error();
    throw std::invalid_argument("certificate: not one DER certificate");
  }
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1) fail("PEM_write_bio_X509");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace kb::sim::crypto::x509
