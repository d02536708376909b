// The host library's local envelope and password commands driving the STSAFE-A120 model over the
// simulated bus: two independent implementations of fact sheet 2.5 meeting, plain and under the
// recommended access table (host secure channel with C-ENC / R-ENC).
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>

#include "core/stsafe/commands/hibernate.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/test_paths.h"

namespace kb::core::stsafe {
namespace {

using Bytes = std::vector<uint8_t>;

const std::array<uint8_t, 16> kMacKey = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                         0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const std::array<uint8_t, 16> kCipherKey = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                            0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

Bytes counting(size_t n, uint8_t from = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(from + i);
  return b;
}

struct ModelRun {
  explicit ModelRun(const std::string& fixture = "")
      : bench(fixture.empty()
                  ? sim::Bench::make_default()
                  : sim::Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + fixture)) {
    EXPECT_TRUE(se.init().ok());
  }
  sim::stsafe_a120::Stsafe& chip() {
    return *dynamic_cast<sim::stsafe_a120::Stsafe*>(bench->devices()[0].device.get());
  }

  std::unique_ptr<sim::Bench> bench;
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  hal::openssl::OpensslCrypto crypto{7};
  Stsafe se{i2c, clock, crypto};
};

TEST(EnvelopeOnModel, GenerateWrapUnwrapRoundTrip) {
  ModelRun r;
  auto table = r.se.query_local_envelope_key_table();
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->count, 2);
  EXPECT_FALSE(table->slots[0].present);
  ASSERT_TRUE(r.se.generate_wrap_unwrap_key(1, LocalEnvelopeKeyType::kAes256).ok());
  EXPECT_EQ(r.se.generate_wrap_unwrap_key(1, LocalEnvelopeKeyType::kAes256), Status::device(Domain::kStsafe, 0x11));
  table = r.se.query_local_envelope_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->slots[1].present);
  EXPECT_EQ(table->slots[1].type, LocalEnvelopeKeyType::kAes256);

  for (size_t n : {16u, 24u, 480u}) {
    const Bytes data = counting(n, 3);
    Bytes envelope(n + 8);
    ASSERT_TRUE(r.se.wrap_local_envelope(1, data, envelope).ok()) << n;
    // The host checks the chip's envelope with its own RFC 3394 unwrap under the chip's key.
    const auto& key = r.chip().state().local_envelope_keys[1].key;
    Bytes opened(n);
    EXPECT_EQ(r.crypto.aes_key_unwrap(key, envelope, opened), hal::CryptoResult::kOk);
    EXPECT_EQ(opened, data);
    Bytes back(n);
    ASSERT_TRUE(r.se.unwrap_local_envelope(1, envelope, back).ok());
    EXPECT_EQ(back, data);
  }
  // What ST's library lets through but the chip will not wrap: its status, named.
  Bytes odd(13);
  EXPECT_EQ(r.se.wrap_local_envelope(1, counting(5), odd), Status::device(Domain::kStsafe, 0x02));
  Bytes envelope(24), back(16);
  ASSERT_TRUE(r.se.wrap_local_envelope(1, counting(16), envelope).ok());
  envelope[0] ^= 0x01;
  EXPECT_EQ(r.se.unwrap_local_envelope(1, envelope, back), Status::device(Domain::kStsafe, 0x18));
  EXPECT_EQ(r.se.wrap_local_envelope(0, counting(16), envelope), Status::device(Domain::kStsafe, 0x0A));
}

TEST(EnvelopeOnModel, RecommendedAccessTableThroughTheHostSession) {
  ModelRun r("stsafe-recommended-ac.json");
  ASSERT_TRUE(r.se.generate_wrap_unwrap_key(0, LocalEnvelopeKeyType::kAes128).ok());
  const Bytes data = counting(32, 0x40);
  Bytes envelope(40);
  EXPECT_EQ(r.se.wrap_local_envelope(0, data, envelope), Status(Code::kNotProvisioned));
  ASSERT_TRUE(r.se.open_host_session(kMacKey, kCipherKey).ok());
  ASSERT_TRUE(r.se.wrap_local_envelope(0, data, envelope).ok());
  Bytes back(32);
  ASSERT_TRUE(r.se.unwrap_local_envelope(0, envelope, back).ok());
  EXPECT_EQ(back, data);
  EXPECT_EQ(r.chip().state().host_key.cmac_counter, 2u);
  EXPECT_EQ(r.se.host_session().counter(), 2u);
}

TEST(PasswordOnModel, LockedFixtureRefusesEverything) {
  ModelRun r("stsafe-password-locked.json");
  auto slot = r.se.query_password_slot();
  ASSERT_TRUE(slot.ok());
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->tries_left, 0);
  auto lcs = r.se.query_life_cycle();
  ASSERT_TRUE(lcs.ok());
  EXPECT_EQ(*lcs, LifeCycleState::kOperationalLocked);
  const Bytes password(16, 0x31);
  EXPECT_EQ(r.se.unlock(password), Status::device(Domain::kStsafe, 0x1A));
  EXPECT_EQ(r.se.put_life_cycle(LifeCycleState::kOperational), Status::device(Domain::kStsafe, 0x11));
  // A locked chip's life cycle refuses the delete before the password rule is looked at.
  EXPECT_EQ(r.se.delete_password(), Status::device(Domain::kStsafe, device_status::kInvalidLifeCycleState));
}

// Locked by the host library (verify, put 0x83): zone updates, key writes and key generation come
// back as the chip's INVALID_LIFE_CYCLE_STATE, with nothing written; zone reads still run; once
// unlocked the same calls succeed.
TEST(PasswordOnModel, LockedChipRefusesChangesToKeysAndZones) {
  ModelRun r;
  sim::stsafe_a120::State s = r.chip().state();
  s.password.present = true;
  s.password.value.fill(0x42);
  s.symmetric_key_control[3].plaintext = true;
  r.chip().set_state(s);
  const Bytes password(16, 0x42);
  ASSERT_TRUE(r.se.lock(password).ok());
  const Status frozen = Status::device(Domain::kStsafe, device_status::kInvalidLifeCycleState);
  const Bytes data = {0xAA, 0xBB};
  const Bytes key(16, 0x5A);
  const SymmetricKeyInfo info =
      SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, key_usage::kMacGeneration | key_usage::kMacVerification, 4);
  const sim::stsafe_a120::State locked = r.chip().state();
  EXPECT_EQ(r.se.update_data_zone(1, 0, data), frozen);
  EXPECT_EQ(r.se.write_symmetric_key_plaintext(info, key), frozen);
  EXPECT_EQ(r.se.write_host_key_plaintext(HostKeyType::kAes128, kMacKey, kCipherKey), frozen);
  EXPECT_EQ(r.chip().state(), locked) << "nothing written";
  Bytes back(2);
  EXPECT_TRUE(r.se.read_data_zone(1, 0, back).ok()) << "reads still run";

  ASSERT_TRUE(r.se.unlock(password).ok());
  EXPECT_TRUE(r.se.update_data_zone(1, 0, data).ok());
  EXPECT_TRUE(r.se.write_symmetric_key_plaintext(info, key).ok());
  ASSERT_TRUE(r.se.read_data_zone(1, 0, back).ok());
  EXPECT_EQ(back, data);
}

TEST(PasswordOnModel, LockUnlockAndDelete) {
  ModelRun r;
  sim::stsafe_a120::State s = r.chip().state();
  s.password.present = true;
  s.password.value.fill(0x42);
  r.chip().set_state(s);
  const Bytes password(16, 0x42);
  const Bytes wrong(16, 0x43);
  EXPECT_EQ(r.se.lock(wrong), Status::with_detail(Code::kRefused, 2));
  ASSERT_TRUE(r.se.lock(password).ok());
  EXPECT_EQ(*r.se.query_life_cycle(), LifeCycleState::kOperationalLocked);
  ASSERT_TRUE(r.se.unlock(password).ok());
  EXPECT_EQ(*r.se.query_life_cycle(), LifeCycleState::kOperational);
  ASSERT_TRUE(r.se.verify_password(password).ok());
  ASSERT_TRUE(r.se.delete_password().ok());
  EXPECT_FALSE(r.se.query_password_slot()->present);
}

TEST(HibernateOnModel, TheServiceCallHibernatesTheModel) {
  ModelRun r;
  ASSERT_TRUE(commands::hibernate(r.se.transport(), HibernateWakeMode::kI2cStartOrReset).ok());
  std::array<uint8_t, 2> out{};
  EXPECT_TRUE(r.se.echo(std::array<uint8_t, 2>{1, 2}, out).ok()) << "wakes on the next transfer";
  ASSERT_TRUE(commands::hibernate(r.se.transport(), HibernateWakeMode::kResetOnly).ok());
  EXPECT_EQ(r.se.echo(std::array<uint8_t, 2>{1, 2}, out), Status(Code::kBusAddressNack));
  r.bench->power_cycle();
  EXPECT_TRUE(r.se.echo(std::array<uint8_t, 2>{1, 2}, out).ok());
}

}  // namespace
}  // namespace kb::core::stsafe
