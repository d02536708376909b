#include "simulator/crypto/hash.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace kb::sim::crypto::hash {

namespace {
const EVP_MD* md_of(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kSha1: return EVP_sha1();
    case Algorithm::kSha224: return EVP_sha224();
    case Algorithm::kSha256: return EVP_sha256();
    case Algorithm::kSha384: return EVP_sha384();
    case Algorithm::kSha512: return EVP_sha512();
    case Algorithm::kSha3_256: return EVP_sha3_256();
    case Algorithm::kSha3_384: return EVP_sha3_384();
    case Algorithm::kSha3_512: return EVP_sha3_512();
  }
  throw std::invalid_argument("unknown hash algorithm");
}

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL ") + what + " failed");
}
}  // namespace

std::string_view algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kSha1: return "SHA-1";
    case Algorithm::kSha224: return "SHA-224";
    case Algorithm::kSha256: return "SHA-256";
    case Algorithm::kSha384: return "SHA-384";
    case Algorithm::kSha512: return "SHA-512";
    case Algorithm::kSha3_256: return "SHA3-256";
    case Algorithm::kSha3_384: return "SHA3-384";
    case Algorithm::kSha3_512: return "SHA3-512";
  }
  return "unknown";
}

size_t digest_length(Algorithm algorithm) {
  return static_cast<size_t>(EVP_MD_get_size(md_of(algorithm)));
}

struct Stream::Context {
  EVP_MD_CTX* ctx = nullptr;
  Context() : ctx(EVP_MD_CTX_new()) {
    if (ctx == nullptr) throw std::bad_alloc();
  }
  ~Context() { EVP_MD_CTX_free(ctx); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

Stream::Stream(Algorithm algorithm) : algorithm_(algorithm), context_(std::make_unique<Context>()) {
  check(EVP_DigestInit_ex(context_->ctx, md_of(algorithm), nullptr), "EVP_DigestInit_ex");
}

Stream::Stream(const Stream& other) : algorithm_(other.algorithm_), context_(std::make_unique<Context>()) {
  check(EVP_MD_CTX_copy_ex(context_->ctx, other.context_->ctx), "EVP_MD_CTX_copy_ex");
}

Stream& Stream::operator=(const Stream& other) {
  if (this != &other) {
    Stream copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

void Stream::update(std::span<const uint8_t> data) {
  if (data.empty()) return;
  check(EVP_DigestUpdate(context_->ctx, data.data(), data.size()), "EVP_DigestUpdate");
}

std::vector<uint8_t> Stream::finish() {
  std::vector<uint8_t> out(digest_length(algorithm_));
  unsigned int length = 0;
  check(EVP_DigestFinal_ex(context_->ctx, out.data(), &length), "EVP_DigestFinal_ex");
  out.resize(length);
  check(EVP_DigestInit_ex(context_->ctx, md_of(algorithm_), nullptr), "EVP_DigestInit_ex");
  return out;
}

std::vector<uint8_t> digest(Algorithm algorithm, std::span<const uint8_t> data) {
  Stream s(algorithm);
  s.update(data);
  return s.finish();
}

}  // namespace kb::sim::crypto::hash
