// P-256 through the two kb::hal::Crypto backends in one run: OpenSSL (every host target's crypto)
// against Crypto++ (the baseline, hal/crypto_cryptopp), on the same keys and digests. Each
// benchmark alternates the two on every input and times each with the thread's CPU clock, so
// machine load (the build host is shared) hits both alike, and reports each and the speed-up.
#include <benchmark/benchmark.h>

#include <time.h>
#include <array>

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/bench/thread_cpu_clock.h"

namespace {

using kb::hal::Crypto;
using kb::hal::CryptoResult;

using Clock = kb::bench::ThreadCpuClock;

struct KeyPair {
  std::array<uint8_t, 32> priv{};
  std::array<uint8_t, 64> pub{};
};

struct Inputs {
  std::vector<KeyPair> keys;
  std::vector<std::array<uint8_t, 32>> digests;
  std::vector<std::array<uint8_t, 64>> signatures;  // signatures[i]: keys[i] over digests[i]
};

kb::hal::openssl::OpensslCrypto& openssl_backend() {
  static kb::hal::openssl::OpensslCrypto c(1);
  return c;
}

kb::hal::cryptopp::CryptoppCrypto& cryptopp_backend() {
  static kb::hal::cryptopp::CryptoppCrypto c(1);
  return c;
}

// Keys, digests and signatures made once, before any timing.
const Inputs& inputs() {
  static const Inputs in = [] {
    Inputs out;
    kb::hal::openssl::OpensslCrypto maker(256);
    for (int i = 0; i < 16; ++i) {
      KeyPair k;
      std::array<uint8_t, 32> digest{};
      std::array<uint8_t, 64> signature{};
      if (maker.p256_generate(k.priv, k.pub) != CryptoResult::kOk || maker.random(digest) != CryptoResult::kOk ||
          maker.p256_sign_digest(k.priv, digest, signature) != CryptoResult::kOk) {
        continue;
      }
      out.keys.push_back(k);
      out.digests.push_back(digest);
      out.signatures.push_back(signature);
    }
    return out;
  }();
  return in;
}

// op(backend, i) runs one operation on input i and says whether it succeeded.
void compare(benchmark::State& state, const std::function<bool(Crypto&, size_t)>& op) {
  const size_t n = inputs().keys.size();
  if (n == 0) {
    state.SkipWithError("could not make inputs");
    return;
  }
  Clock::duration openssl_time{}, cryptopp_time{};
  size_t i = 0;
  for (auto _ : state) {
    const size_t at = i++ % n;
    const auto t0 = Clock::now();
    const bool a = op(openssl_backend(), at);
    const auto t1 = Clock::now();
    const bool b = op(cryptopp_backend(), at);
    const auto t2 = Clock::now();
    if (!a || !b) state.SkipWithError("operation failed");
    openssl_time += t1 - t0;
    cryptopp_time += t2 - t1;
  }
  const double iterations = static_cast<double>(state.iterations());
  const double openssl_us = std::chrono::duration<double, std::micro>(openssl_time).count() / iterations;
  const double cryptopp_us = std::chrono::duration<double, std::micro>(cryptopp_time).count() / iterations;
  state.counters["openssl_cpu_us"] = openssl_us;
  state.counters["cryptopp_cpu_us"] = cryptopp_us;
  state.counters["speedup"] = cryptopp_us / openssl_us;
}

void BM_P256Generate(benchmark::State& state) {
  compare(state, [](Crypto& c, size_t) {
    std::array<uint8_t, 32> priv{};
    std::array<uint8_t, 64> pub{};
    return c.p256_generate(priv, pub) == CryptoResult::kOk;
  });
}
BENCHMARK(BM_P256Generate);

void BM_P256Sign(benchmark::State& state) {
  compare(state, [](Crypto& c, size_t i) {
    std::array<uint8_t, 64> signature{};
    return c.p256_sign_digest(inputs().keys[i].priv, inputs().digests[i], signature) == CryptoResult::kOk;
  });
}
BENCHMARK(BM_P256Sign);

void BM_P256Verify(benchmark::State& state) {
  compare(state, [](Crypto& c, size_t i) {
    return c.p256_verify_digest(inputs().keys[i].pub, inputs().digests[i], inputs().signatures[i]) == CryptoResult::kOk;
  });
}
BENCHMARK(BM_P256Verify);

void BM_P256Ecdh(benchmark::State& state) {
  compare(state, [](Crypto& c, size_t i) {
    const size_t peer = (i + 1) % inputs().keys.size();
    std::array<uint8_t, 32> z{};
    return c.p256_ecdh(inputs().keys[i].priv, inputs().keys[peer].pub, z) == CryptoResult::kOk;
  });
}
BENCHMARK(BM_P256Ecdh);

}  // namespace

BENCHMARK_MAIN();
