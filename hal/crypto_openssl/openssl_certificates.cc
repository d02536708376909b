#include "hal/crypto_openssl/openssl_certificates.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

namespace kb::hal::openssl {

namespace {

template <auto F>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    F(p);
  }
};
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

constexpr size_t kCacheEntries = 4;

// Exactly one DER certificate, nothing after it.
Cert parse_der(std::span<const uint8_t> der) {
  if (der.empty()) return nullptr;
  const unsigned char* p = der.data();
  Cert cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  if (!cert || p != der.data() + der.size()) return nullptr;
  return cert;
}

void put(std::span<char> out, const char* text) {
  if (out.empty()) return;
  std::snprintf(out.data(), out.size(), "%s", text);
}

// NIST P-256: the certificate's key as X||Y.
CertificateResult p256_public_key(X509* cert, std::span<uint8_t> public64) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  char group[32] = {};
  size_t group_length = 0;
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
      EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &group_length) != 1 ||
      std::strcmp(group, "prime256v1") != 0) {
    ERR_clear_error();
    return CertificateResult::kUnsupportedKey;
  }
  unsigned char point[65];
  size_t n = 0;
  if (EVP_PKEY_get_octet_string_param(key, "encoded-pub-key", point, sizeof point, &n) != 1 || n != 65 ||
      point[0] != 0x04) {
    ERR_clear_error();
    return CertificateResult::kUnsupportedKey;
  }
  std::memcpy(public64.data(), point + 1, 64);
  return CertificateResult::kOk;
}

void append_line(std::string& out, const char* label, BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  out += label;
  out.append(data, static_cast<size_t>(n));
  out += '\n';
  (void)BIO_reset(bio);
}

// Subject, issuer, serial, validity and key type, one line each.
void describe_into(X509* cert, std::span<char> text) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) return;
  std::string out;
  constexpr unsigned long kFlags = XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB;
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, kFlags);
  append_line(out, "  Subject    : ", bio.get());
  X509_NAME_print_ex(bio.get(), X509_get_issuer_name(cert), 0, kFlags);
  append_line(out, "  Issuer     : ", bio.get());
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  for (int i = 0; i < serial->length; ++i) BIO_printf(bio.get(), "%02X", serial->data[i]);
  append_line(out, "  Serial     : ", bio.get());
  ASN1_TIME_print(bio.get(), X509_get0_notBefore(cert));
  append_line(out, "  Not before : ", bio.get());
  ASN1_TIME_print(bio.get(), X509_get0_notAfter(cert));
  append_line(out, "  Not after  : ", bio.get());
  uint8_t key[64];
  out += p256_public_key(cert, key) == CertificateResult::kOk ? "  Public key : NIST P-256\n"
                                                              : "  Public key : not NIST P-256\n";
  ERR_clear_error();
  put(text, out.c_str());
}

}  // namespace

// Parsed certificates by their DER bytes, oldest first; at most kCacheEntries.
struct OpensslCertificates::Cache {
  std::vector<std::pair<std::vector<uint8_t>, Cert>> entries;

  X509* find_or_parse(std::span<const uint8_t> der) {
    for (auto& entry : entries) {
      const std::vector<uint8_t>& bytes = entry.first;
      if (bytes.size() == der.size() && std::equal(bytes.begin(), bytes.end(), der.begin())) return entry.second.get();
    }
    Cert cert = parse_der(der);
    if (!cert) return nullptr;
    if (entries.size() == kCacheEntries) entries.erase(entries.begin());
    entries.emplace_back(std::vector<uint8_t>(der.begin(), der.end()), std::move(cert));
    return entries.back().second.get();
  }
};

OpensslCertificates::OpensslCertificates() : cache_(std::make_unique<Cache>()) {}
OpensslCertificates::~OpensslCertificates() = default;

CertificateResult OpensslCertificates::verify_p256_leaf(std::span<const uint8_t> trust_anchor_der,
                                                        std::span<const uint8_t> leaf_der, std::span<uint8_t> public64,
                                                        std::span<char> detail, std::span<char> description) {
  put(detail, "");
  put(description, "");
  if (public64.size() != 64) return CertificateResult::kFailed;
  // Both parses are cached by their exact DER bytes; the chain and its signatures are checked on
  // every call (OpenSSL keeps no verdict in the certificate object).
  X509* anchor = cache_->find_or_parse(trust_anchor_der);
  X509* leaf = cache_->find_or_parse(leaf_der);
  if (leaf != nullptr) describe_into(leaf, description);
  if (anchor == nullptr || leaf == nullptr) {
    put(detail, anchor == nullptr ? "the CA certificate is not one DER certificate"
                                  : "the device certificate is not one DER certificate");
    return CertificateResult::kMalformed;
  }
  Store store(X509_STORE_new());
  StoreCtx ctx(X509_STORE_CTX_new());
  if (!store || !ctx || X509_STORE_add_cert(store.get(), anchor) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr) != 1) {
    ERR_clear_error();
    return CertificateResult::kFailed;
  }
  if (X509_verify_cert(ctx.get()) != 1) {
    put(detail, X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    ERR_clear_error();
    return CertificateResult::kUntrusted;
  }
  return p256_public_key(leaf, public64);
}

CertificateResult OpensslCertificates::describe(std::span<const uint8_t> der, std::span<char> text) {
  put(text, "");
  X509* cert = cache_->find_or_parse(der);
  if (cert == nullptr) return CertificateResult::kMalformed;
  describe_into(cert, text);
  return CertificateResult::kOk;
}

std::vector<uint8_t> certificate_der(std::span<const uint8_t> bytes) {
  if (Cert der = parse_der(bytes)) return std::vector<uint8_t>(bytes.begin(), bytes.end());
  Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  Cert cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  ERR_clear_error();
  if (!cert) return {};
  const int n = i2d_X509(cert.get(), nullptr);
  if (n <= 0) return {};
  std::vector<uint8_t> out(static_cast<size_t>(n));
  unsigned char* p = out.data();
  i2d_X509(cert.get(), &p);
  return out;
}

}  // namespace kb::hal::openssl
