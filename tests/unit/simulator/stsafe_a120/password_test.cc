// Passwords and life cycle on the model (fact sheet 2.5; STSELib stsafea_password.c for the
// layouts): verify password (1A) with its tries counter, delete password (0C 09), the password slot
// query (14 09), lock / unlock by put life cycle (10 08 83 / 03) after a verified password, the
// locked-password fixture, the NVM under power cuts, and the JSON form.
#include <gtest/gtest.h>

#include "simulator/bench/bench.h"
#include "simulator/fixture/json_view.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
const Bytes kOk = hex("00 00 02 F0 78");
const Bytes kPassword = hex("31 32 33 34 35 36 37 38 39 30 61 62 63 64 65 66");

void put_password(Stsafe& chip, uint8_t tries_left = 3, uint8_t max_tries = 3) {
  State s = chip.state();
  s.password.present = true;
  std::copy(kPassword.begin(), kPassword.end(), s.password.value.begin());
  s.password.max_tries = max_tries;
  s.password.tries_left = tries_left;
  chip.set_state(s);
}

Bytes verify(StsafeOnBus& b, const Bytes& password) {
  return b.transact(with_crc(cat({hex("1A"), password})));
}
Bytes wrong_password() {
  Bytes p = kPassword;
  p[15] ^= 0x01;
  return p;
}

TEST(StsafePassword, FactoryHasNoPassword) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("14 09")), response_frame(0x00, hex("00 00")));
  EXPECT_EQ(verify(b, kPassword), error_frame(0x10));
  EXPECT_EQ(b.transact(frame("0C 09")), error_frame(0x10));
}

TEST(StsafePassword, WrongTriesCountDownToBlocked) {
  StsafeOnBus b;
  put_password(b.chip);
  EXPECT_EQ(b.transact(frame("14 09")), response_frame(0x00, hex("01 03")));
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 02")));
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 01")));
  EXPECT_EQ(b.transact(frame("14 09")), response_frame(0x00, hex("01 01")));
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 00")));
  EXPECT_EQ(b.transact(frame("14 09")), response_frame(0x00, hex("01 00")));
  // Blocked: the right password no longer gets in, and the counter stays at 0.
  EXPECT_EQ(verify(b, kPassword), error_frame(0x1A));
  EXPECT_EQ(verify(b, wrong_password()), error_frame(0x1A));
  EXPECT_EQ(b.chip.state().password.tries_left, 0);
  EXPECT_FALSE(b.chip.volatile_state().password_verified);
  b.chip.power_cycle();
  EXPECT_EQ(verify(b, kPassword), error_frame(0x1A)) << "the block is in the NVM";
}

TEST(StsafePassword, TheRightPasswordRestoresTheTries) {
  StsafeOnBus b;
  put_password(b.chip, 3, 5);
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 02")));
  EXPECT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 05")));
  EXPECT_TRUE(b.chip.volatile_state().password_verified);
  EXPECT_EQ(b.chip.state().password.tries_left, 5);
  // A wrong guess afterwards forgets the verification.
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 04")));
  EXPECT_FALSE(b.chip.volatile_state().password_verified);
}

TEST(StsafePassword, VerifyRefusals) {
  StsafeOnBus b;
  put_password(b.chip);
  EXPECT_EQ(verify(b, Bytes(kPassword.begin(), kPassword.end() - 1)), error_frame(0x02));
  EXPECT_EQ(verify(b, cat({kPassword, hex("00")})), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("1A")), error_frame(0x02));
  EXPECT_EQ(b.chip.state().password.tries_left, 3) << "a malformed verify spends no try";
}

TEST(StsafePassword, DeleteNeedsTheVerifiedPassword) {
  StsafeOnBus b;
  put_password(b.chip);
  EXPECT_EQ(b.transact(frame("0C 09")), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("0C 08")), error_frame(0x03)) << "only the password tag";
  EXPECT_EQ(b.transact(frame("0C")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("0C 09 00")), error_frame(0x02));
  ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
  ASSERT_EQ(b.transact(frame("01")), kOk);
  EXPECT_EQ(b.transact(frame("0C 09")), error_frame(0x11)) << "a reset forgets the verification";
  ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
  EXPECT_EQ(b.transact(frame("0C 09")), kOk);
  EXPECT_EQ(b.transact(frame("14 09")), response_frame(0x00, hex("00 00")));
  EXPECT_EQ(verify(b, kPassword), error_frame(0x10));
  EXPECT_EQ(b.chip.state().password, PasswordSlot{}) << "the password bytes are wiped";
}

TEST(StsafePassword, LockAndUnlockFollowAVerifiedPassword) {
  StsafeOnBus b;
  put_password(b.chip);
  EXPECT_EQ(b.transact(frame("10 08 83")), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("03")));
  // ST's lock: verify password, then put life cycle 0x83.
  ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
  EXPECT_EQ(b.transact(frame("10 08 83")), kOk);
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("83")));
  b.chip.power_cycle();
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("83")));
  EXPECT_EQ(b.transact(frame("10 08 03")), error_frame(0x11)) << "unlocking needs the password again";
  EXPECT_EQ(verify(b, wrong_password()), response_frame(0x00, hex("00 02")));
  EXPECT_EQ(b.transact(frame("10 08 03")), error_frame(0x11));
  ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
  EXPECT_EQ(b.transact(frame("10 08 03")), kOk);
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("03")));
  // Puts between unlocked states keep needing nothing.
  StsafeOnBus plain;
  EXPECT_EQ(plain.transact(frame("10 08 03")), kOk);
  EXPECT_EQ(plain.transact(frame("10 08 83")), error_frame(0x11)) << "no password, no lock";
  EXPECT_EQ(plain.transact(frame("10 08 05")), error_frame(0x03));
}

// A locked or terminated chip refuses, with INVALID_LIFE_CYCLE_STATE and before anything is
// written, the commands that change keys, control fields, zones or zone access conditions; it
// still uses its keys, reads zones and verifies the password; unlocked, the same commands run.
TEST(StsafeLifeCycle, LockedAndTerminatedChipsRefuseChangesToKeysAndZones) {
  const Bytes aes_key = repeat(0x5A, 16);
  const std::vector<std::pair<const char*, Bytes>> changes = {
      {"update zone 1", frame("06 00 01 00 00 AA")},
      {"decrement zone 5", frame("04 00 05 00 00 00 00 00 01")},
      {"read with an access change", frame("05 11 01 00 00 00 01")},
      {"generate key pair", with_crc(cat({hex("11 13 01 FF FF 00 00"), p256_curve_id()}))},
      {"generate wrap key", frame("11 07 00 00")},
      {"put symmetric control fields", frame("10 4B 03 0A FF FF")},
      {"put host key control fields", frame("10 4A 0E FF")},
      {"put public key flags", frame("10 4D 00 00 09")},
      {"write host key plaintext", with_crc(cat({hex("1F 07 00 00 00 00"), repeat(0x11, 32)}))},
      {"write symmetric key plaintext", with_crc(cat({hex("1F 17 00 03 00 01 00 03 02"), aes_key}))},
      {"erase symmetric key", frame("1F 19 03")},
      {"delete password", frame("0C 09")},
  };
  for (LifeCycle frozen : {LifeCycle::kOperationalLocked, LifeCycle::kBornLocked, LifeCycle::kTerminated}) {
    SCOPED_TRACE(std::string(life_cycle_name(frozen)));
    StsafeOnBus b;
    put_password(b.chip);
    State s = b.chip.state();
    s.life_cycle = frozen;
    s.symmetric_key_control[3].plaintext = true;
    b.chip.set_state(s);
    const State before = b.chip.state();
    for (const auto& [what, wire] : changes) EXPECT_EQ(b.transact(wire), error_frame(0x0F)) << what;
    EXPECT_EQ(b.chip.state(), before) << "nothing written";
    // Still in use: random, echo, zone reads, signatures with the factory key, the password.
    EXPECT_EQ(b.transact(frame("00 01 02")), response_frame(0x00, hex("01 02")));
    EXPECT_EQ(b.transact(frame("05 00 01 00 00 00 02"))[0], 0x00);
    EXPECT_EQ(b.transact(with_crc(cat({hex("16 00 00 20"), repeat(0x33, 32)})))[0], 0x00);
    EXPECT_EQ(b.transact(frame("1F 0E"))[0], 0x00);
    ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
    // Unlocking is a life-cycle put, which the freeze lets through.
    EXPECT_EQ(b.transact(frame("10 08 03")), kOk);
    EXPECT_EQ(b.transact(frame("06 00 01 00 00 AA")), kOk) << "unlocked: the update runs";
    EXPECT_EQ(b.transact(frame("1F 19 03"))[0], 0x0A) << "unlocked: erase reaches its own checks";
  }
}

// No put sets the password: STSELib names tag 0x09 but publishes no put of it (docs/fidelity.md),
// so the model answers it as any tag it does not know, and the password slot stays as it was.
TEST(StsafePassword, NoPutSetsThePassword) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 09"), kPassword}))), error_frame(0x03));
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 09"), kPassword, hex("03")}))), error_frame(0x03));
  EXPECT_FALSE(b.chip.state().password.present);
  EXPECT_EQ(verify(b, kPassword), error_frame(0x10)) << "still no password";
}

TEST(StsafePassword, VerifyThroughTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  put_password(b.chip);
  set_access(b.chip, 0x1A, AccessCondition::kHost, kCommandEncrypted);
  EXPECT_EQ(verify(b, kPassword), error_frame(0x11));
  EXPECT_EQ(b.chip.state().password.tries_left, 3) << "refused before it runs";
  const HostChannel::Reply reply = host.exchange(b, hex("1A"), kPassword, true, false);
  ASSERT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, hex("01 03"));
  // Delete goes raw in ST's library and is not in the table.
  EXPECT_EQ(b.transact(frame("0C 09")), kOk);
}

TEST(StsafePassword, LockedPasswordFixture) {
  auto bench = Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-password-locked.json");
  ASSERT_NE(bench, nullptr);
  auto* chip = dynamic_cast<Stsafe*>(bench->devices().at(0).device.get());
  ASSERT_NE(chip, nullptr);
  const State& s = chip->state();
  EXPECT_TRUE(s.password.present);
  EXPECT_TRUE(s.password.blocked());
  EXPECT_EQ(s.life_cycle, LifeCycle::kOperationalLocked);
}

// Every verify programs the tries word before it compares: a cut never gives a wrong guess back,
// and a right password either restored the tries or left the spent one.
TEST(StsafePassword, APowerCutDuringVerifyNeverGivesATryBack) {
  for (const bool right : {false, true}) {
    bool saw_old = false, saw_new = false;
    for (uint64_t cut = 0; cut < 4; ++cut) {
      StsafeOnBus b;
      put_password(b.chip, 2, 3);
      b.chip.nvm().arm_power_cut_after_words(cut);
      ASSERT_EQ(b.write(with_crc(cat({hex("1A"), right ? kPassword : wrong_password()}))), BusOutcome::kAck);
      b.scheduler.advance_by(600 * kMillisecond);
      const bool fired = b.chip.nvm().power_cut_fired();
      b.chip.nvm().clear_power_cut();
      b.chip.power_cycle();
      const PasswordSlot& p = b.chip.state().password;
      ASSERT_TRUE(p.present);
      EXPECT_EQ(Bytes(p.value.begin(), p.value.end()), kPassword);
      // 2: cut before the try was spent (the compare never ran); 1: spent; 3: restored.
      if (right) {
        EXPECT_TRUE(p.tries_left == 2 || p.tries_left == 1 || p.tries_left == 3)
            << "cut after " << cut << ": " << int(p.tries_left);
      } else {
        EXPECT_TRUE(p.tries_left == 2 || p.tries_left == 1) << "cut after " << cut << ": " << int(p.tries_left);
      }
      if (fired) {
        EXPECT_FALSE(b.chip.has_response());
      }
      saw_old = saw_old || p.tries_left == 2;
      saw_new = saw_new || p.tries_left == (right ? 3 : 1);
    }
    EXPECT_TRUE(saw_old) << (right ? "right" : "wrong");
    EXPECT_TRUE(saw_new) << (right ? "right" : "wrong");
  }
}

TEST(StsafePassword, APowerCutDuringDeleteLeavesThePasswordOrNone) {
  bool saw_kept = false, saw_gone = false;
  for (uint64_t cut = 0; cut < 8; ++cut) {
    StsafeOnBus b;
    put_password(b.chip);
    ASSERT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
    const PasswordSlot before = b.chip.state().password;
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(frame("0C 09")), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const PasswordSlot& p = b.chip.state().password;
    EXPECT_TRUE(p == before || p == PasswordSlot{}) << "cut after " << cut << " words";
    if (p.present) {
      EXPECT_EQ(verify(b, kPassword), response_frame(0x00, hex("01 03")));
    }
    saw_kept = saw_kept || p.present;
    saw_gone = saw_gone || !p.present;
  }
  EXPECT_TRUE(saw_kept);
  EXPECT_TRUE(saw_gone);
}

TEST(StsafePassword, JsonRoundTripAndErrors) {
  StsafeOnBus b;
  put_password(b.chip, 1, 4);
  const nlohmann::json saved = b.chip.save_state();
  EXPECT_EQ(
      saved.at("password"),
      (nlohmann::json{
          {"present", true}, {"password", "31323334353637383930616263646566"}, {"max_tries", 4}, {"tries_left", 1}}));
  StsafeOnBus restored;
  restored.chip.load_state(JsonView(saved, "test.json", "$.state"));
  EXPECT_EQ(restored.chip.state(), b.chip.state());
  EXPECT_EQ(StsafeOnBus().chip.save_state().at("password"), (nlohmann::json{{"present", false}}));

  auto error_path = [](const nlohmann::json& password) -> std::string {
    StsafeOnBus c;
    try {
      c.chip.load_state(JsonView(nlohmann::json{{"password", password}}, "test.json", "$.state"));
    } catch (const FixtureError& e) {
      return e.path();
    }
    return "";
  };
  using J = nlohmann::json;
  const std::string pw(32, '5');
  EXPECT_EQ(error_path(J{{"present", true}, {"password", "3132"}}), "$.state.password.password");
  EXPECT_EQ(error_path(J{{"present", true}, {"password", pw}, {"max_tries", 0}}), "$.state.password.max_tries");
  EXPECT_EQ(error_path(J{{"present", true}, {"password", pw}, {"max_tries", 2}, {"tries_left", 3}}),
            "$.state.password.tries_left");
  EXPECT_EQ(error_path(J{{"present", false}, {"password", pw}}), "$.state.password.password");
  EXPECT_EQ(error_path(J{{"present", true}}), "$.state.password.password");
  EXPECT_EQ(error_path(J{{"present", true}, {"password", pw}, {"tries_left", 0}}), "");
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
