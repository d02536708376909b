#include "hal/crypto_openssl/openssl_crypto.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "hal/crypto_openssl/openssl_crypto_state.h"

namespace kb::hal::openssl {

using namespace detail;

namespace {

// OpenSSL's reasons for the last failure, oldest first, "; "-separated. Drains the queue so the
// next failure starts clean.
std::string drain_error_queue() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out;
}

[[noreturn]] void setup_failed(const char* what) {
  throw std::runtime_error(std::string("OpenSSL crypto: cannot ") + what + ": " + drain_error_queue());
}

CipherPtr fetch_cipher(const char* name) {
  CipherPtr c(EVP_CIPHER_fetch(nullptr, name, nullptr));
  if (!c) setup_failed(name);
  return c;
}

AesPair fetch_aes(const char* name128, const char* name256) {
  return {fetch_cipher(name128), fetch_cipher(name256)};
}

// The seed, big-endian, is the whole entropy input of the DRBG; the personalization string keeps
// these streams apart from any other use of the same seed. Reseeding is off: the source holds
// exactly one instantiation's worth of entropy.
void make_seeded(RandCtxPtr& source, RandCtxPtr& drbg, uint64_t seed) {
  RandPtr test_rand(EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr));
  RandPtr hash_drbg(EVP_RAND_fetch(nullptr, "HASH-DRBG", nullptr));
  if (!test_rand || !hash_drbg) setup_failed("fetch the seeded generator");
  source.reset(EVP_RAND_CTX_new(test_rand.get(), nullptr));
  if (!source) setup_failed("create the seed source");

  std::array<unsigned char, 48> entropy{};  // 32 bytes of entropy input and a 16-byte nonce
  for (size_t i = 0; i < 8; ++i) entropy[i] = static_cast<unsigned char>(seed >> (56 - 8 * i));
  unsigned int strength = 256;
  const OSSL_PARAM source_params[] = {
      OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, entropy.data(), 32),
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_NONCE, entropy.data() + 32, 16),
      OSSL_PARAM_construct_end()};
  if (EVP_RAND_instantiate(source.get(), strength, 0, nullptr, 0, source_params) != 1) {
    setup_failed("seed the seed source");
  }

  drbg.reset(EVP_RAND_CTX_new(hash_drbg.get(), source.get()));
  if (!drbg) setup_failed("create the seeded generator");
  char digest[] = "SHA256";
  unsigned int never = 0;
  time_t no_interval = 0;
  const OSSL_PARAM drbg_params[] = {OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_DIGEST, digest, 0),
                                    OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &never),
                                    OSSL_PARAM_construct_time_t(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &no_interval),
                                    OSSL_PARAM_construct_end()};
  constexpr std::string_view kPersonalization = "keybench seeded host RNG";
  if (EVP_RAND_instantiate(drbg.get(), strength, 0, reinterpret_cast<const unsigned char*>(kPersonalization.data()),
                           kPersonalization.size(), drbg_params) != 1) {
    setup_failed("instantiate the seeded generator");
  }
}

Algorithms fetch_algorithms() {
  Algorithms a;
  a.ecb = fetch_aes("AES-128-ECB", "AES-256-ECB");
  a.cbc = fetch_aes("AES-128-CBC", "AES-256-CBC");
  a.ccm = fetch_aes("AES-128-CCM", "AES-256-CCM");
  a.gcm = fetch_aes("AES-128-GCM", "AES-256-GCM");
  a.wrap = fetch_aes("AES-128-WRAP", "AES-256-WRAP");
  a.cmac.reset(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
  a.hmac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  a.hkdf.reset(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  a.sha256.reset(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!a.cmac || !a.hmac || !a.hkdf || !a.sha256) setup_failed("fetch CMAC, HMAC, HKDF or SHA-256");
  a.p256.reset(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  a.prime.reset(BN_new());
  if (!a.p256 || !a.prime) setup_failed("set up P-256");
  a.order = EC_GROUP_get0_order(a.p256.get());
  if (a.order == nullptr || EC_GROUP_get_curve(a.p256.get(), a.prime.get(), nullptr, nullptr, nullptr) != 1) {
    setup_failed("read the P-256 parameters");
  }
  return a;
}

std::unique_ptr<OpensslCrypto::State> make_state() {
  auto s = std::make_unique<OpensslCrypto::State>();
  s->bn.reset(BN_CTX_new());
  s->key_import.reset(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!s->bn || !s->key_import) setup_failed("create the per-instance contexts");
  return s;
}

}  // namespace

const Algorithms& detail::algorithms() {
  static const Algorithms a = fetch_algorithms();
  return a;
}

CryptoResult OpensslCrypto::State::fail(CryptoResult r, const char* what) {
  const std::string reasons = drain_error_queue();
  last_error = reasons.empty() ? std::string(what) : std::string(what) + ": " + reasons;
  if (log != nullptr) log->print("OpenSSL: %s\n", last_error.c_str());
  return r;
}

bool OpensslCrypto::State::draw(MutableBytes out, bool secret) {
  if (out.empty()) return true;
  if (seeded) return EVP_RAND_generate(seeded.get(), out.data(), out.size(), 0, 0, nullptr, 0) == 1;
  // RAND_bytes counts in int; split anything larger.
  for (size_t done = 0; done < out.size();) {
    const int n = static_cast<int>(std::min(out.size() - done, static_cast<size_t>(INT_MAX)));
    const int ok = secret ? RAND_priv_bytes(out.data() + done, n) : RAND_bytes(out.data() + done, n);
    if (ok != 1) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

OpensslCrypto::OpensslCrypto() : state_(make_state()) {}

OpensslCrypto::OpensslCrypto(uint64_t seed) : state_(make_state()) {
  make_seeded(state_->seed_source, state_->seeded, seed);
}

OpensslCrypto::~OpensslCrypto() = default;

const std::string& OpensslCrypto::last_error() const {
  return state_->last_error;
}

void OpensslCrypto::set_log(Console* log) {
  state_->log = log;
}

CryptoResult OpensslCrypto::random(MutableBytes out) {
  if (!state_->draw(out, /*secret=*/false)) return state_->fail(CryptoResult::kFailed, "random bytes");
  return CryptoResult::kOk;
}

}  // namespace kb::hal::openssl
