// The two independent implementations of the data partition commands meet: the host library
// drives the STSAFE-A120 model on a simulated bench, through the sim HAL backend.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <vector>

#include "core/stsafe/commands/query.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"

namespace kb::core::stsafe {
namespace {

namespace model = kb::sim::stsafe_a120;

const std::array<uint8_t, 16> kMacKey = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                         0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const std::array<uint8_t, 16> kCipherKey = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                            0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

Status chip_status(uint8_t status) {
  return Status::device(Domain::kStsafe, status);
}

class DataPartitionOnModel : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(host.init().ok()); }

  model::Stsafe& chip() { return *bench->first<model::Stsafe>(); }
  const model::DataPartition& zone(uint8_t index) {
    return chip().state().data_partitions.at(*model::find_zone(chip().state().data_partitions, index));
  }
  void open_session() {
    ASSERT_TRUE(host.write_host_key_plaintext(HostKeyType::kAes128, kMacKey, kCipherKey).ok());
    ASSERT_TRUE(host.open_host_session(kMacKey, kCipherKey).ok());
  }

  std::unique_ptr<kb::sim::Bench> bench = kb::sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  hal::openssl::OpensslCrypto crypto{5};
  Stsafe host{i2c, clock, crypto};
};

TEST_F(DataPartitionOnModel, HostDecodesTheModelsTable) {
  auto table = host.query_data_partitions();
  ASSERT_TRUE(table.ok());
  const auto& zones = chip().state().data_partitions;
  ASSERT_EQ(table->count, zones.size());
  for (size_t i = 0; i < zones.size(); ++i) {
    const DataPartitionRecord& r = table->zones[i];
    EXPECT_EQ(r.index, zones[i].index);
    EXPECT_EQ(r.length, zones[i].data.size());
    EXPECT_EQ(static_cast<uint8_t>(r.type), static_cast<uint8_t>(zones[i].type));
    EXPECT_EQ(static_cast<uint8_t>(r.read_access), static_cast<uint8_t>(zones[i].read_access));
    EXPECT_EQ(static_cast<uint8_t>(r.update_access), static_cast<uint8_t>(zones[i].update_access));
    EXPECT_EQ(r.read_change_right, zones[i].read_change_right);
    EXPECT_EQ(r.update_change_right, zones[i].update_change_right);
    EXPECT_EQ(r.counter, zones[i].counter);
  }
  EXPECT_EQ(*commands::query_data_partition_count(host.transport()), zones.size());
}

TEST_F(DataPartitionOnModel, WholeZoneWrittenInFramesAndReadBackInChunks) {
  std::vector<uint8_t> data(1696);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i ^ (i >> 8));
  // Zone 4 is longer than one frame: three updates of at most 747 bytes.
  for (size_t at = 0; at < data.size(); at += 700) {
    const size_t n = std::min<size_t>(700, data.size() - at);
    ASSERT_TRUE(host.update_data_zone(4, static_cast<uint16_t>(at), std::span(data).subspan(at, n)).ok());
  }
  EXPECT_EQ(zone(4).data, data);
  std::vector<uint8_t> back(1696);
  ASSERT_TRUE(host.read_data_zone(4, 0, back).ok());
  EXPECT_EQ(back, data);
  // Past the end: the chip's refusal, by name.
  std::array<uint8_t, 2> two{};
  EXPECT_EQ(host.read_data_zone(4, 1695, two), chip_status(0x14));
  EXPECT_EQ(host.update_data_zone(4, 1695, two), chip_status(0x14));
}

TEST_F(DataPartitionOnModel, CertificateZoneIsReadOnly) {
  // The default bench is personalised: zone 0 holds the device certificate, then zeros.
  std::vector<uint8_t> expected(1000, 0x00);
  const std::vector<uint8_t>& der = sim::stsafe_a120::factory_personalisation(0).device_certificate;
  std::copy(der.begin(), der.end(), expected.begin());
  std::vector<uint8_t> cert(600, 0x30);
  EXPECT_EQ(host.update_data_zone(0, 0, cert), chip_status(0x11));
  std::vector<uint8_t> back(1000);
  ASSERT_TRUE(host.read_data_zone(0, 0, back).ok());
  EXPECT_EQ(back, expected);
}

TEST_F(DataPartitionOnModel, CounterGoesDownToZeroAndNoFurther) {
  const std::array<uint8_t, 3> tag = {0x0A, 0x0B, 0x0C};
  auto c = host.decrement_counter_zone(5, 10, 0, tag);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 499990u);
  std::array<uint8_t, 3> back{};
  auto read = host.read_counter_zone(5, 0, back);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 499990u);
  EXPECT_EQ(back, tag);
  EXPECT_EQ(host.decrement_counter_zone(5, 499991, 0, {}).status(), chip_status(0x13));
  c = host.decrement_counter_zone(5, 499990, 0, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 0u);
  EXPECT_EQ(host.decrement_counter_zone(5, 1, 0, {}).status(), chip_status(0x13));
  EXPECT_EQ(zone(5).counter, 0u);
  EXPECT_EQ(host.decrement_counter_zone(1, 1, 0, {}).status(), chip_status(0x12));
  EXPECT_EQ(host.update_data_zone(5, 0, tag), chip_status(0x12));
}

TEST_F(DataPartitionOnModel, HostZoneThroughTheSession) {
  open_session();
  // FREE → HOST for updates of zone 2, change right given up, together with the first data.
  ZoneUpdateOptions lock;
  lock.new_update_access = ZoneAccessChange{ZoneAccess::kHost, false};
  const std::array<uint8_t, 2> first = {0x01, 0x02};
  ASSERT_TRUE(host.update_data_zone(2, 0, first, lock).ok());
  EXPECT_EQ(zone(2).update_access, model::ZoneAccess::kHost);
  EXPECT_EQ(host.update_data_zone(2, 0, first), chip_status(0x11));
  ZoneUpdateOptions protected_update;
  protected_update.protection = ZoneProtection::kHostMac;
  const std::array<uint8_t, 2> second = {0x03, 0x04};
  ASSERT_TRUE(host.update_data_zone(2, 0, second, protected_update).ok());
  EXPECT_EQ(zone(2).data[1], 0x04);
  // The spent change right: no further change, even under the session.
  protected_update.new_update_access = ZoneAccessChange{ZoneAccess::kNever, false};
  EXPECT_EQ(host.update_data_zone(2, 0, second, protected_update), chip_status(0x11));
  EXPECT_EQ(host.host_session().counter(), chip().state().host_key.cmac_counter) << "host and chip agree on C";
}

// AUTH + HOST end to end: the host raises zone 3's update condition to AUTH + HOST under the
// session, then Update and Read of it need an entity that signed the chip's challenge (1F 0E /
// 1F 0F) since the last reset; the session alone is refused, and so is everything after a reset.
TEST_F(DataPartitionOnModel, AuthAndHostZoneNeedsAnAuthenticatedEntity) {
  namespace ref = kb::test::ec_reference;
  open_session();
  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP256));
  ASSERT_TRUE(host.write_public_key(2, EccCurve::kNistP256, entity.public_key).ok());
  auto authenticate = [&] {
    std::array<uint8_t, 16> challenge{};
    if (!host.generate_challenge(challenge).ok()) return false;
    const std::vector<uint8_t> signature = ref::sign(static_cast<size_t>(EccCurve::kNistP256), entity,
                                                     std::vector<uint8_t>(challenge.begin(), challenge.end()));
    auto valid = host.verify_entity_signature(2, EccCurve::kNistP256, signature);
    return valid.ok() && *valid;
  };
  ZoneUpdateOptions raise;
  raise.protection = ZoneProtection::kHostMac;
  raise.new_update_access = ZoneAccessChange{ZoneAccess::kAuthAndHost, false};
  const std::array<uint8_t, 2> first = {0x01, 0x02};
  ASSERT_TRUE(host.update_data_zone(3, 0, first, raise).ok());
  model::State s = chip().state();
  s.data_partitions.at(*model::find_zone(s.data_partitions, 3)).read_access = model::ZoneAccess::kAuthenticatedHost;
  chip().set_state(s);
  auto table = host.query_data_partitions();
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->find(3)->update_access, ZoneAccess::kAuthAndHost);
  EXPECT_EQ(table->find(3)->read_access, ZoneAccess::kAuthAndHost);

  ZoneUpdateOptions update;
  update.protection = ZoneProtection::kHostMac;
  ZoneReadOptions read;
  read.protection = ZoneProtection::kHostMac;
  const std::array<uint8_t, 2> second = {0x03, 0x04};
  std::array<uint8_t, 2> back{};
  EXPECT_EQ(host.update_data_zone(3, 0, second, update), chip_status(0x11)) << "session alone";
  EXPECT_EQ(host.read_data_zone(3, 0, back, read), chip_status(0x11));

  ASSERT_TRUE(authenticate());
  EXPECT_EQ(host.read_data_zone(3, 0, back), chip_status(0x11)) << "entity alone, no C-MAC";
  ASSERT_TRUE(host.update_data_zone(3, 0, second, update).ok());
  ASSERT_TRUE(host.read_data_zone(3, 0, back, read).ok());
  EXPECT_EQ(back, second);

  ASSERT_TRUE(host.reset().ok());
  EXPECT_EQ(host.read_data_zone(3, 0, back, read), chip_status(0x11)) << "lost on reset";
  ASSERT_TRUE(authenticate());
  EXPECT_TRUE(host.read_data_zone(3, 0, back, read).ok());
  EXPECT_EQ(host.host_session().counter(), chip().state().host_key.cmac_counter) << "host and chip agree on C";
}

// STSELib issue #63 end to end: a read AC made HOST cannot be set back to ALWAYS.
TEST_F(DataPartitionOnModel, Issue63ReadAccessIsOneWay) {
  model::State s = chip().state();
  s.data_partitions[2].read_change_right = true;
  chip().set_state(s);
  open_session();
  std::array<uint8_t, 1> one{};
  ZoneReadOptions to_host;
  to_host.new_read_access = ZoneAccessChange{ZoneAccess::kHost, true};
  ASSERT_TRUE(host.read_data_zone(2, 0, one, to_host).ok());
  EXPECT_EQ(host.read_data_zone(2, 0, one), chip_status(0x11));
  ZoneReadOptions back;
  back.protection = ZoneProtection::kHostMac;
  back.new_read_access = ZoneAccessChange{ZoneAccess::kAlways, true};
  EXPECT_EQ(host.read_data_zone(2, 0, one, back), chip_status(0x11));
  ZoneReadOptions host_read;
  host_read.protection = ZoneProtection::kHostMac;
  std::vector<uint8_t> whole(600);
  ASSERT_TRUE(host.read_data_zone(2, 0, whole, host_read).ok());
  EXPECT_EQ(zone(2).read_access, model::ZoneAccess::kHost);
}

TEST_F(DataPartitionOnModel, EncryptedResponsesUseTheSmallerChunk) {
  // Read under HOST with response encryption in the access table.
  model::CommandAccessTable table = chip().state().command_access;
  model::CommandAuthorization* read = table.find(0x05, std::nullopt);
  ASSERT_NE(read, nullptr);
  read->access = model::AccessCondition::kHost;
  read->encryption_flags = model::kResponseEncrypted;
  chip().set_command_access(table);
  ASSERT_TRUE(host.init().ok());
  open_session();
  std::vector<uint8_t> data(1578);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13);
  model::State s = chip().state();
  s.data_partitions[7].data = data;
  chip().set_state(s);
  std::vector<uint8_t> back(1578);
  ASSERT_TRUE(host.read_data_zone(7, 0, back).ok());
  EXPECT_EQ(back, data);
}

}  // namespace
}  // namespace kb::core::stsafe
