// The factory application's PSA calls made from C (psa_factory_calls.c), against the simulated
// Mbed example chip; the host checks both signatures.
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>

#include "core/atecc/atecc.h"
#include "core/its/flash_its.h"
#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "tests/psa/psa_factory_calls.h"
#include "tests/test_paths.h"

namespace kb {
namespace {

TEST(PsaFromC, TheFactoryCallsWorkAndTheSignaturesVerifyOnTheHost) {
  auto bench =
      sim::Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-mbed-example.json");
  hal::sim::SimI2cInitiator i2c(*bench);
  hal::sim::SimClock clock(*bench);
  core::atecc::Atecc chip(i2c, clock);
  sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
  hal::sim::SimFlashRegion region(nvm, &bench->scheduler());
  core::its::FlashIts its(region);
  ASSERT_EQ(its.mount(), core::its::ItsStatus::kOk);
  hal::openssl::OpensslCrypto crypto(3);
  core::psa::set_its_store(&its);
  core::psa::set_random_source(&crypto);
  core::psa_se::atecc608a::attach(&chip);

  kb_c_factory_result r{};
  const int rc = kb_c_factory_calls(&r);
  mbedtls_psa_crypto_free();
  core::psa_se::atecc608a::attach(nullptr);
  core::psa::set_its_store(nullptr);
  core::psa::set_random_source(nullptr);
  ASSERT_EQ(rc, 0) << core::psa::psa_status_name(rc);
  EXPECT_EQ(r.generated_id, 18u);
  EXPECT_EQ(r.public16[0], 0x04);
  EXPECT_EQ(crypto.p256_verify_digest(std::span<const uint8_t>(r.public16).subspan(1), r.hash, r.signature16),
            hal::CryptoResult::kOk);
  EXPECT_EQ(crypto.p256_verify_digest(std::span<const uint8_t>(r.public18).subspan(1), r.hash, r.signature18),
            hal::CryptoResult::kOk);
  // Each key's signature does not verify with the other key.
  EXPECT_EQ(crypto.p256_verify_digest(std::span<const uint8_t>(r.public18).subspan(1), r.hash, r.signature16),
            hal::CryptoResult::kVerifyFailed);
  // The whole run is simulated time: flash writes and chip commands.
  EXPECT_GT(bench->scheduler().now(), 0u);
}

}  // namespace
}  // namespace kb
