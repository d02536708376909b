// Hibernate (0x0D) on the model (fact sheet 2.5, 8 #17): `0D 01` and `0D 02` answer OK; what the
// chip holds in RAM is gone afterwards (ECDHE key pair, KEK session, verified password) while the
// NVM, the host secure channel included, carries on; in mode 02 the chip NACKs until a power cycle.
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
const Bytes kOk = hex("00 00 02 F0 78");

TEST(StsafeHibernate, BothWakeModesAnswerOk) {
  for (const char* command : {"0D 01", "0D 02"}) {
    StsafeOnBus b;
    EXPECT_EQ(b.transact(frame(command)), kOk) << command;
  }
}

TEST(StsafeHibernate, Refusals) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("0D 00")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("0D 03")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("0D")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("0D 01 01")), error_frame(0x02));
  EXPECT_FALSE(b.chip.hibernating_until_reset());
  EXPECT_EQ(b.transact(frame("00 01 02 03")), response_frame(0x00, hex("01 02 03"))) << "still awake";
}

TEST(StsafeHibernate, RamIsLostTheNvmIsNot) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 3);
  State s = b.chip.state();
  s.password.present = true;
  s.password.value.fill(0x77);
  s.local_envelope_keys[0] = LocalEnvelopeKey{true, LocalEnvelopeKeyType::kAes128, counting(16)};
  b.chip.set_state(s);
  ASSERT_EQ(b.transact(with_crc(cat({hex("1A"), repeat(0x77, 16)}))), response_frame(0x00, hex("01 03")));
  ASSERT_EQ(b.transact(with_crc(cat({hex("1F 0B"), p256_curve_id()})))[0], 0x00);
  ASSERT_TRUE(b.chip.volatile_state().ecdhe.has_value());
  ASSERT_TRUE(b.chip.volatile_state().password_verified);
  const State before = b.chip.state();

  EXPECT_EQ(b.transact(frame("0D 01")), kOk);
  EXPECT_FALSE(b.chip.volatile_state().ecdhe.has_value());
  EXPECT_FALSE(b.chip.volatile_state().kek_session.has_value());
  EXPECT_FALSE(b.chip.volatile_state().password_verified);
  EXPECT_EQ(b.chip.state(), before);
  // The ECDHE key pair is gone, so a KEK session has nothing to start from.
  const Bytes host_public = p256_public(repeat(0x22, 32));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(host_public), hex("01")}))),
            error_frame(0x07));
  // The verified password is gone: deleting it needs a new verify.
  EXPECT_EQ(b.transact(frame("0C 09")), error_frame(0x11));
  // The host channel goes on with the persistent counter.
  const HostChannel::Reply echo = host.exchange(b, hex("00"), hex("AA BB"));
  EXPECT_EQ(echo.status, 0x00);
  EXPECT_EQ(echo.payload, hex("AA BB"));
  // And the wrap key still wraps.
  EXPECT_EQ(b.transact(with_crc(cat({hex("0E 00"), counting(16)}))),
            response_frame(0x00, aes_key_wrap(counting(16), counting(16))));
}

TEST(StsafeHibernate, WakeOnResetOnlyNacksUntilAPowerCycle) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("0D 02")), kOk);
  EXPECT_TRUE(b.chip.hibernating_until_reset());
  // The answer stays readable; the next command is not taken.
  std::vector<uint8_t> again(5);
  EXPECT_EQ(b.read(again), BusOutcome::kAck);
  EXPECT_EQ(again, kOk);
  EXPECT_EQ(b.write(frame("00 01")), BusOutcome::kAddressNack);
  b.scheduler.advance_by(2000 * kMillisecond);
  EXPECT_EQ(b.write(frame("01")), BusOutcome::kAddressNack) << "a Reset command cannot reach it either";
  b.chip.power_cycle();
  EXPECT_FALSE(b.chip.hibernating_until_reset());
  EXPECT_EQ(b.transact(frame("00 01")), response_frame(0x00, hex("01")));
}

TEST(StsafeHibernate, WakeOnI2cTakesTheNextCommand) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("0D 01")), kOk);
  EXPECT_FALSE(b.chip.hibernating_until_reset());
  EXPECT_EQ(b.transact(frame("00 05")), response_frame(0x00, hex("05")));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
