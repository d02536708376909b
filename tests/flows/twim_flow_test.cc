// The board images' bus, end to end on the host: the provisioning applications drive the nRF5340
// TWIM driver, whose register accesses reach the register-level TWIM model, whose transactions go
// to a simulated bench. The flows must pass through the exact EasyDMA sequences the board runs,
// and the model must never see an access silicon would refuse.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"
#include "firmware/derive_keys/derive_keys.h"
#include "firmware/device_authentication/device_authentication.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "firmware/secure_data_storage/secure_data_storage.h"
#include "firmware/wrapped_gcm/wrapped_gcm.h"
#include "hal/crypto_openssl/openssl_certificates.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/nrf/twim_i2c_initiator.h"
#include "hal/sim/sim_backend.h"
#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/eeprom.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/flows/flow_fixture.h"
#include "tests/unit/hal/nrf/fake_twim.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// The board's platform with its bus on a bench: TWIM driver → TWIM model → the bench's bus.
struct TwimRun {
  std::unique_ptr<sim::Bench> bench;
  hal::sim::SimI2cInitiator bus;
  FakeTwim twim;
  hal::sim::SimClock clock;
  hal::sim::SimPowerLine power;
  hal::openssl::OpensslCrypto crypto;
  hal::host::CaptureConsole console;
  std::vector<uint32_t> rates;
  std::unique_ptr<hal::nrf::TwimI2cInitiator> i2c;
  std::unique_ptr<hal::Platform> platform;

  explicit TwimRun(std::unique_ptr<sim::Bench> b)
      : bench(std::move(b)), bus(*bench), twim(1024, 0x00), clock(*bench), power(*bench) {
    twim.target = [this](uint8_t address, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
      return bus.write_read(address, tx, rx);
    };
    twim.on_rate = [this](uint32_t hz) {
      rates.push_back(hz);
      EXPECT_EQ(bus.set_rate_hz(hz), hal::I2cResult::kOk);
    };
    i2c = std::make_unique<hal::nrf::TwimI2cInitiator>(twim, clock, twim.dma());
    platform = std::make_unique<hal::Platform>(hal::Platform{*i2c, clock, power, crypto, console, nullptr});
  }
};

TEST(TwimFlow, HostKeyProvisioningThroughTheBoardsBusDriver) {
  TwimRun run(sim::Bench::make_default());
  const core::Status s = fw::run_host_key_provisioning(*run.platform, {});
  ASSERT_TRUE(s.ok()) << run.console.text();
  EXPECT_THAT(run.console.text(), HasSubstr(" - stse_host_key_provisioning : PASS"));
  EXPECT_GT(run.twim.transactions.size(), 4u);
  EXPECT_THAT(run.twim.violations, IsEmpty());
  // The keys reached the chip, and no frame (the plaintext host keys among them) was left in the DMA
  // buffer, which started out zero.
  const nlohmann::json st = run.bench->save_state()["devices"][0]["state"];
  EXPECT_EQ(st["host_key"]["mac_key"], "00112233445566778899AABBCCDDEEFF");
  for (uint8_t b : run.twim.ram()) ASSERT_EQ(b, 0);
}

TEST(TwimFlow, SecureDataStorageThroughTheBoardsBusDriver) {
  TwimRun run(sim::Bench::make_default());
  ASSERT_TRUE(fw::run_secure_data_storage(*run.platform, {}).ok()) << run.console.text();
  EXPECT_THAT(run.console.text(), HasSubstr(" - Zone access and counter access : SUCCESS\n"));
  EXPECT_THAT(run.twim.violations, IsEmpty());
}

// The derive keys and wrapped GCM images run their application with its defaults, as here.
TEST(TwimFlow, DeriveKeysAndWrappedGcmThroughTheBoardsBusDriver) {
  {
    TwimRun run(sim::Bench::make_default());
    ASSERT_TRUE(fw::run_derive_keys(*run.platform, fw::DeriveKeysOptions{}).ok()) << run.console.text();
    EXPECT_THAT(run.console.text(), HasSubstr(" - Verify the CMAC using platform crypto: SUCCESS\n"));
    EXPECT_THAT(run.twim.violations, IsEmpty());
    // The key the chip returned crossed the bus in plaintext: nothing of it stays in the buffer.
    for (uint8_t b : run.twim.ram()) ASSERT_EQ(b, 0);
  }
  TwimRun run(sim::Bench::make_default());
  ASSERT_TRUE(fw::run_wrapped_gcm(*run.platform, fw::WrappedGcmOptions{}).ok()) << run.console.text();
  EXPECT_GT(run.twim.transactions.size(), 10u);
  EXPECT_THAT(run.twim.violations, IsEmpty());
  for (uint8_t b : run.twim.ram()) ASSERT_EQ(b, 0);
}

// The device authentication image hands the application the platform's X.509 and CA certificate:
// with both, the certificate (two 255-byte reads and the rest) comes through the 1 KiB buffer;
// with neither (a platform that has none), the application refuses before the bus is touched.
TEST(TwimFlow, DeviceAuthenticationThroughTheBoardsBusDriver) {
  TwimRun run(sim::Bench::make_default());
  const std::vector<uint8_t> ca =
      sim::stsafe_a120::factory_personalisation(run.bench->first<sim::stsafe_a120::Stsafe>()->state().random_seed)
          .ca_certificate;
  hal::openssl::OpensslCertificates x509;
  fw::DeviceAuthenticationOptions o;
  o.certificates = &x509;
  o.ca_certificate = ca;
  ASSERT_TRUE(fw::run_device_authentication(*run.platform, o).ok()) << run.console.text();
  EXPECT_THAT(run.console.text(), HasSubstr("## Device authenticated"));
  EXPECT_THAT(run.twim.violations, IsEmpty());

  TwimRun bare(sim::Bench::make_default());
  const core::Status s = fw::run_device_authentication(*bare.platform, fw::DeviceAuthenticationOptions{});
  EXPECT_EQ(s, core::Status(core::Code::kRefused));
  EXPECT_THAT(bare.console.text(), HasSubstr("## Device authentication FAILED: no X.509 verifier on this platform"));
  EXPECT_THAT(bare.console.text(), Not(HasSubstr("Device authenticated")));
  EXPECT_THAT(bare.twim.transactions, IsEmpty());
}

TEST(TwimFlow, AteccFactoryFlowWakesAt100kHzAndGoesBack) {
  TwimRun run(sim::Bench::from_file(fixture_path("atecc608a-factory.json")));
  fw::AteccConfigureAndLockOptions o;
  const auto factory = sim::atecc608a::factory_image().config;
  for (size_t i = 0; i < o.profile.config.size(); ++i) o.profile.config[i] = factory[i];
  o.profile.config[20] = 0x87;  // slot 0: a P-256 key GenKey makes (as the flow test's profile)
  o.profile.config[21] = 0x20;
  o.profile.config[96] = 0x33;
  o.profile.config[97] = 0x00;
  o.profile.config[114] = 0x3C;
  o.profile.generate_key[0] = true;
  o.profile.lock_data_zone = true;
  o.profile_name = "test";
  ASSERT_TRUE(fw::run_atecc_configure_and_lock(*run.platform, o).ok()) << run.console.text();
  const auto& eeprom = run.bench->first<sim::atecc608a::Atecc608a>()->eeprom();
  EXPECT_TRUE(eeprom.config_locked());
  EXPECT_TRUE(eeprom.data_locked());
  // The driver starts at 400 kHz; every wake drops it to 100 kHz for the pulse and returns.
  ASSERT_GE(run.rates.size(), 3u);
  EXPECT_EQ(run.rates[0], 400000u);
  EXPECT_EQ(run.rates[1], 100000u);
  EXPECT_EQ(run.rates[2], 400000u);
  EXPECT_EQ(run.rates.back(), 400000u);
  EXPECT_THAT(run.twim.violations, IsEmpty());
}

}  // namespace
}  // namespace kb::test
