// The driver against the ATECC608A model through the same simulated platform the CLI builds
// (hal::host::open_target on fixtures/benches/atecc608a-factory.json): configure, lock, generate
// a key, sign, and check the chip's answers with the host's own crypto. Two independent
// implementations of the protocol meet here; only the commands the model runs today are driven.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/atecc/atecc.h"
#include "core/atecc/commands/counter.h"
#include "core/atecc/commands/ecdh.h"
#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/info.h"
#include "core/atecc/commands/lock.h"
#include "core/atecc/commands/nonce.h"
#include "core/atecc/commands/random.h"
#include "core/atecc/commands/sha.h"
#include "core/atecc/commands/sign.h"
#include "core/atecc/commands/verify.h"
#include "core/atecc/config_zone.h"
#include "core/atecc/device_status.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "tests/test_paths.h"

namespace kb::core::atecc {
namespace {

using ::testing::ElementsAre;

class AteccModelTest : public ::testing::Test {
 protected:
  AteccModelTest() {
    hal::host::TargetSpec spec;
    spec.fixture = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-factory.json";
    target = hal::host::open_target(spec, console);
    chip = std::make_unique<Atecc>(target->platform().i2c, target->platform().clock);
  }

  hal::Crypto& crypto() { return target->platform().crypto; }

  // Slot 0 becomes a P-256 key that GenKey may create, that signs external messages and does
  // ECDH (SlotConfig 0x2087: ReadKey 7, IsSecret, WriteConfig GenKey; KeyConfig 0x0033:
  // Private, PubInfo, P-256, Lockable).
  ConfigZone configure_slot0(const ConfigZone& factory) {
    ConfigZone c = factory;
    c[config_offset::kSlotConfig] = 0x87;
    c[config_offset::kSlotConfig + 1] = 0x20;
    c[config_offset::kKeyConfig] = 0x33;
    c[config_offset::kKeyConfig + 1] = 0x00;
    return c;
  }

  ConfigZone configure_and_lock() {
    ConfigZone factory{};
    EXPECT_EQ(read_config_zone(*chip, factory), Status(Code::kOk));
    const ConfigZone wanted = configure_slot0(factory);
    EXPECT_EQ(write_config_zone(*chip, wanted), Status(Code::kOk));
    EXPECT_EQ(lock_config_zone(*chip, wanted), Status(Code::kOk));
    EXPECT_EQ(commands::lock_data_unchecked(*chip), Status(Code::kOk));
    return wanted;
  }

  hal::host::CaptureConsole console;
  std::unique_ptr<hal::host::HostTarget> target;
  std::unique_ptr<Atecc> chip;
};

TEST_F(AteccModelTest, InfoRevisionIsAnAtecc608a) {
  const auto revision = commands::info_revision(*chip);
  ASSERT_TRUE(revision.ok()) << code_name(revision.status().code());
  EXPECT_THAT(*revision, ElementsAre(0x00, 0x00, 0x60, 0x02));
  // The wake pulse went out at 100 kHz and the bus is back at the fixture's rate.
  EXPECT_EQ(target->bench()->bus().rate_hz(), 400000u);
  EXPECT_GT(target->bench()->scheduler().now(), 1500000u);
}

TEST_F(AteccModelTest, ReadsTheFactoryConfigZone) {
  ConfigZone config{};
  ASSERT_EQ(read_config_zone(*chip, config), Status(Code::kOk));
  EXPECT_EQ(config[0], 0x01);
  EXPECT_EQ(config[1], 0x23);
  EXPECT_THAT(std::vector<uint8_t>(config.begin() + 4, config.begin() + 8), ElementsAre(0x00, 0x00, 0x60, 0x02));
  EXPECT_EQ(config[config_offset::kI2cAddress], 0xC0);
  EXPECT_FALSE(config_zone_locked(config));
  EXPECT_FALSE(data_zone_locked(config));
  const auto locks = read_lock_state(*chip);
  ASSERT_TRUE(locks.ok());
  EXPECT_FALSE(locks->config_locked);
  EXPECT_FALSE(locks->data_locked);
}

TEST_F(AteccModelTest, WritesTheConfigZoneAndLocksItWithItsCrc) {
  ConfigZone factory{};
  ASSERT_EQ(read_config_zone(*chip, factory), Status(Code::kOk));
  const ConfigZone wanted = configure_slot0(factory);
  ASSERT_EQ(write_config_zone(*chip, wanted), Status(Code::kOk));
  ConfigZone stored{};
  ASSERT_EQ(read_config_zone(*chip, stored), Status(Code::kOk));
  EXPECT_EQ(stored, wanted);
  EXPECT_EQ(slot_config(stored, 0), 0x2087);
  EXPECT_EQ(key_config(stored, 0), 0x0033);

  // A CRC over anything but what the chip holds is refused, and the zone stays open.
  ConfigZone other = wanted;
  other[config_offset::kChipMode] ^= 0x04;
  EXPECT_TRUE(is_device_status(lock_config_zone(*chip, other), DeviceStatus::kExecutionError));
  EXPECT_FALSE(read_lock_state(*chip)->config_locked);

  ASSERT_EQ(lock_config_zone(*chip, wanted), Status(Code::kOk));
  const auto locks = read_lock_state(*chip);
  ASSERT_TRUE(locks.ok());
  EXPECT_TRUE(locks->config_locked);
  EXPECT_FALSE(locks->data_locked);
  // Locked means read-only: a second write is refused.
  EXPECT_TRUE(is_device_status(write_config_zone(*chip, wanted), DeviceStatus::kExecutionError));
}

TEST_F(AteccModelTest, RandomIsATestPatternUntilTheConfigLockThenRandom) {
  std::array<uint8_t, 32> before{};
  ASSERT_EQ(commands::random(*chip, before), Status(Code::kOk));
  for (size_t i = 0; i < before.size(); i += 4) {
    EXPECT_THAT(std::vector<uint8_t>(before.begin() + i, before.begin() + i + 4), ElementsAre(0xFF, 0xFF, 0x00, 0x00));
  }
  configure_and_lock();
  std::array<uint8_t, 32> a{}, b{};
  ASSERT_EQ(commands::random(*chip, a), Status(Code::kOk));
  ASSERT_EQ(commands::random(*chip, b), Status(Code::kOk));
  EXPECT_NE(a, b);
  EXPECT_NE(a, before);
}

TEST_F(AteccModelTest, GenKeyThenSignExternalVerifiesWithTheHostCrypto) {
  configure_and_lock();
  std::array<uint8_t, 64> pub{}, recomputed{};
  ASSERT_EQ(commands::genkey_private(*chip, 0, pub), Status(Code::kOk));
  ASSERT_EQ(commands::genkey_public(*chip, 0, recomputed), Status(Code::kOk));
  EXPECT_EQ(pub, recomputed);
  EXPECT_EQ(*commands::info_key_valid(*chip, 0), true);

  const uint8_t message[] = "keybench ATECC608A sign test";
  std::array<uint8_t, 32> digest{};
  ASSERT_EQ(crypto().sha256(message, digest), hal::CryptoResult::kOk);
  for (MessageSource source : {MessageSource::kMessageDigestBuffer, MessageSource::kTempKey}) {
    std::array<uint8_t, 64> sig{};
    ASSERT_EQ(commands::sign_digest(*chip, 0, digest, sig, source), Status(Code::kOk));
    EXPECT_EQ(crypto().p256_verify_digest(pub, digest, sig), hal::CryptoResult::kOk);
    std::array<uint8_t, 32> other = digest;
    other[0] ^= 0x01;
    EXPECT_EQ(crypto().p256_verify_digest(pub, other, sig), hal::CryptoResult::kVerifyFailed);

    // And the chip's own Verify agrees, then refuses a tampered signature.
    ASSERT_EQ(commands::nonce_load(*chip, commands::NonceTarget::kMessageDigestBuffer, digest), Status(Code::kOk));
    EXPECT_EQ(*commands::verify_external(*chip, MessageSource::kMessageDigestBuffer, sig, pub), true);
    sig[40] ^= 0x01;
    ASSERT_EQ(commands::nonce_load(*chip, commands::NonceTarget::kMessageDigestBuffer, digest), Status(Code::kOk));
    EXPECT_EQ(*commands::verify_external(*chip, MessageSource::kMessageDigestBuffer, sig, pub), false);
  }
}

TEST_F(AteccModelTest, SignBeforeTheDataLockIsAnExecutionError) {
  ConfigZone factory{};
  ASSERT_EQ(read_config_zone(*chip, factory), Status(Code::kOk));
  const ConfigZone wanted = configure_slot0(factory);
  ASSERT_EQ(write_config_zone(*chip, wanted), Status(Code::kOk));
  ASSERT_EQ(lock_config_zone(*chip, wanted), Status(Code::kOk));
  std::array<uint8_t, 64> pub{}, sig{};
  ASSERT_EQ(commands::genkey_private(*chip, 0, pub), Status(Code::kOk));
  const std::array<uint8_t, 32> digest{};
  EXPECT_TRUE(is_device_status(commands::sign_digest(*chip, 0, digest, sig), DeviceStatus::kExecutionError));
}

TEST_F(AteccModelTest, EcdhToOutputMatchesTheHostsSharedSecret) {
  configure_and_lock();
  std::array<uint8_t, 64> chip_pub{};
  ASSERT_EQ(commands::genkey_private(*chip, 0, chip_pub), Status(Code::kOk));
  std::array<uint8_t, 32> host_priv{};
  std::array<uint8_t, 64> host_pub{};
  ASSERT_EQ(crypto().p256_generate(host_priv, host_pub), hal::CryptoResult::kOk);
  std::array<uint8_t, 32> on_chip{}, on_host{};
  ASSERT_EQ(commands::ecdh_to_output(*chip, 0, host_pub, on_chip), Status(Code::kOk));
  ASSERT_EQ(crypto().p256_ecdh(host_priv, chip_pub, on_host), hal::CryptoResult::kOk);
  EXPECT_EQ(on_chip, on_host);
}

TEST_F(AteccModelTest, ShaOverSeveralBlocksMatchesTheHost) {
  std::vector<uint8_t> message;
  for (int i = 0; i < 150; ++i) message.push_back(static_cast<uint8_t>(i * 7));
  std::array<uint8_t, 32> on_chip{}, on_host{};
  ASSERT_EQ(commands::sha256(*chip, message, on_chip), Status(Code::kOk));
  ASSERT_EQ(crypto().sha256(message, on_host), hal::CryptoResult::kOk);
  EXPECT_EQ(on_chip, on_host);
  // An empty message is one End with no data.
  ASSERT_EQ(commands::sha256(*chip, {}, on_chip), Status(Code::kOk));
  ASSERT_EQ(crypto().sha256({}, on_host), hal::CryptoResult::kOk);
  EXPECT_EQ(on_chip, on_host);
}

TEST_F(AteccModelTest, ARefusedCommandIsANamedExecutionError) {
  // GenKey needs the config zone locked (fact sheet B6.2): a factory chip refuses it.
  std::array<uint8_t, commands::kPublicKeyBytes> public_key{};
  const Status refused = commands::genkey_private(*chip, 0, public_key);
  EXPECT_TRUE(is_device_status(refused, DeviceStatus::kExecutionError));
  char text[64];
  EXPECT_STREQ(refused.describe(text, sizeof text), "device status 0x0F (execution error)");
  // The chip was put to idle after the refusal, and the next command runs normally.
  EXPECT_TRUE(commands::info_revision(*chip).ok());
}

TEST_F(AteccModelTest, TheChipIsIdleBetweenCyclesSoTheWatchdogNeverFires) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(commands::info_revision(*chip).ok());
  target->platform().clock.sleep_ms(3000);  // longer than the watchdog
  EXPECT_TRUE(commands::info_revision(*chip).ok());
  EXPECT_EQ(chip->last_idle(), Status(Code::kOk));
}

}  // namespace
}  // namespace kb::core::atecc
