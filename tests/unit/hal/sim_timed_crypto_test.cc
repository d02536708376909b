// The timed platform crypto charges the bench's virtual clock for the device's crypto engine and
// passes every result through unchanged.
#include "hal/sim/sim_timed_crypto.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/cryptocell_timing.h"
#include "simulator/nrf/nrf5340.h"

namespace kb::hal::sim {
namespace {

std::unique_ptr<kb::sim::Bench> nrf_bench() {
  auto bench = std::make_unique<kb::sim::Bench>(400000);
  bench->add("nrf5340", 0, std::make_unique<kb::sim::nrf::Nrf5340>(bench->scheduler()));
  return bench;
}

TEST(SimTimedCrypto, AnNrfBenchChargesTheCryptoCellForKeyGeneration) {
  auto bench = nrf_bench();
  openssl::OpensslCrypto inner(7);
  SimTimedCrypto crypto(inner, *bench, platform_crypto_costs(*bench));
  std::array<uint8_t, 32> d{};
  std::array<uint8_t, 64> q{};
  kb::sim::Nanoseconds before = bench->scheduler().now();
  ASSERT_EQ(crypto.p256_generate(d, q), CryptoResult::kOk);
  EXPECT_EQ(bench->scheduler().now() - before, kb::sim::nrf::kCc312P256ScalarMultiplicationNs);

  // The key is real: its public half recomputes, and that costs one more multiplication.
  std::array<uint8_t, 64> again{};
  ASSERT_EQ(crypto.p256_public_from_private(d, again), CryptoResult::kOk);
  EXPECT_EQ(again, q);
  EXPECT_EQ(bench->scheduler().now() - before, 2 * kb::sim::nrf::kCc312P256ScalarMultiplicationNs);
}

TEST(SimTimedCrypto, SymmetricWorkAndRandomnessCostNoVirtualTime) {
  auto bench = nrf_bench();
  openssl::OpensslCrypto inner(7);
  SimTimedCrypto crypto(inner, *bench, platform_crypto_costs(*bench));
  std::array<uint8_t, 16> key{}, tag{};
  std::array<uint8_t, 32> r{};
  ASSERT_EQ(crypto.aes_cmac(key, key, tag), CryptoResult::kOk);
  ASSERT_EQ(crypto.random(r), CryptoResult::kOk);
  EXPECT_EQ(bench->scheduler().now(), 0u);
}

TEST(SimTimedCrypto, AnStsafeBenchChargesNothingBecauseItsHostIsNotModelled) {
  auto bench = kb::sim::Bench::make_default();
  PlatformCryptoCosts costs = platform_crypto_costs(*bench);
  EXPECT_EQ(costs.p256_scalar_multiplication, 0u);
  openssl::OpensslCrypto inner(7);
  SimTimedCrypto crypto(inner, *bench, costs);
  std::array<uint8_t, 32> d{};
  std::array<uint8_t, 64> q{};
  ASSERT_EQ(crypto.p256_generate(d, q), CryptoResult::kOk);
  EXPECT_EQ(bench->scheduler().now(), 0u);
}

TEST(SimTimedCrypto, FailuresPassThroughAndAreStillCharged) {
  auto bench = nrf_bench();
  openssl::OpensslCrypto inner(7);
  SimTimedCrypto crypto(inner, *bench, platform_crypto_costs(*bench));
  std::array<uint8_t, 32> zero{};  // d = 0 is not a private key
  std::array<uint8_t, 64> q{};
  EXPECT_EQ(crypto.p256_public_from_private(zero, q), CryptoResult::kInvalidKey);
  EXPECT_EQ(bench->scheduler().now(), kb::sim::nrf::kCc312P256ScalarMultiplicationNs);
}

}  // namespace
}  // namespace kb::hal::sim
