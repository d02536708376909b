// P-256 base-point multiplication k·G: the host backend's fixed-base table (hal/crypto_cryptopp/
// p256_base_point.h) against Crypto++'s ExponentiateBase, which it replaced in key generation and
// signing. One benchmark times both on the same scalars in the same run and reports the speed-up.
#include <benchmark/benchmark.h>
#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>
#include <cryptopp/integer.h>
#include <cryptopp/oids.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "hal/crypto_cryptopp/p256_base_point.h"

namespace {

using Scalar = std::array<uint8_t, 32>;
using Clock = std::chrono::steady_clock;

// A fixed set of valid private scalars (1 <= k < n), so both sides see the same inputs.
std::vector<Scalar> scalars() {
  const CryptoPP::Integer order("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  std::mt19937_64 rng(256);
  std::vector<Scalar> out;
  while (out.size() < 64) {
    Scalar k;
    for (auto& b : k) b = static_cast<uint8_t>(rng());
    const CryptoPP::Integer value(k.data(), k.size());
    if (!value.IsZero() && value < order) out.push_back(k);
  }
  return out;
}

CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP>& cryptopp_group() {
  static CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> group(CryptoPP::ASN1::secp256r1());
  return group;
}

void BM_P256BasePointTable(benchmark::State& state) {
  const std::vector<Scalar> ks = scalars();
  std::array<uint8_t, 64> point;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(kb::hal::cryptopp::p256::base_point_multiply(ks[i++ % ks.size()], point));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_P256BasePointTable);

void BM_P256CryptoppExponentiateBase(benchmark::State& state) {
  std::vector<CryptoPP::Integer> ks;
  for (const Scalar& k : scalars()) ks.emplace_back(k.data(), k.size());
  auto& group = cryptopp_group();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(group.ExponentiateBase(ks[i++ % ks.size()]));
}
BENCHMARK(BM_P256CryptoppExponentiateBase);

// Alternates the two on each scalar so machine load (the build host is shared) hits both alike.
void BM_P256BasePointTableVsCryptopp(benchmark::State& state) {
  const std::vector<Scalar> ks = scalars();
  std::vector<CryptoPP::Integer> integers;
  for (const Scalar& k : ks) integers.emplace_back(k.data(), k.size());
  auto& group = cryptopp_group();
  std::array<uint8_t, 64> point;
  Clock::duration ours{}, theirs{};
  size_t i = 0;
  for (auto _ : state) {
    const size_t at = i++ % ks.size();
    const auto t0 = Clock::now();
    benchmark::DoNotOptimize(kb::hal::cryptopp::p256::base_point_multiply(ks[at], point));
    benchmark::ClobberMemory();
    const auto t1 = Clock::now();
    benchmark::DoNotOptimize(group.ExponentiateBase(integers[at]));
    const auto t2 = Clock::now();
    ours += t1 - t0;
    theirs += t2 - t1;
  }
  const double n = static_cast<double>(state.iterations());
  const double ours_ns = std::chrono::duration<double, std::nano>(ours).count() / n;
  const double theirs_ns = std::chrono::duration<double, std::nano>(theirs).count() / n;
  state.counters["table_ns"] = ours_ns;
  state.counters["cryptopp_ns"] = theirs_ns;
  state.counters["speedup"] = theirs_ns / ours_ns;
}
BENCHMARK(BM_P256BasePointTableVsCryptopp);

}  // namespace

BENCHMARK_MAIN();
