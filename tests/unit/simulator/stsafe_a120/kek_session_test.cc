// Generate ECDHE, the volatile KEK session and the host key written wrapped or established by
// ECDHE (fact sheet 2.5, 4.1, 4.2, 4.4, 4.6, 8.11, 8.18).
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/key_derivation.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

// Fact sheet 4.6 (the key pairs and the established host keys are in example_keys.h).
const Bytes kSharedX = hex("CCFC261F58193C98CA4AD4A53BBAC6F0EE29BC4D48438090446908622CA79AF6");
const Bytes kBaseKek = hex("D16330A28B16E9AC3406927A24BBB80F6FFF5F52DABA136442BD336908032433");
const Bytes kWorkingKek1 = hex("8C5781CC0666102E1073BA6E4BE7C8C037002CD4FFC359AD78B805ACFF8A01FE");
const Bytes kWrappedCmacSlot3 =
    hex("AB AF EE 3E BC 19 22 4C F4 A5 52 11 36 F3 F4 6F C7 7D 92 B1 58 41 12 C0 8B B8 D2 F3 89 B9 1F 9C");
const Bytes kOk = hex("00 00 02 F0 78");

Bytes start_kek_session_command(const Bytes& host_public = kHostPublic) {
  return with_crc(cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(host_public), hex("01")}));
}

Bytes envelope_for_host_keys(const Bytes& kek, uint8_t type, const Bytes& mac, const Bytes& cipher) {
  return aes_key_wrap(kek, cat({hex("00 00 00"), Bytes{type}, mac, cipher, hex("80 00 00 00")}));
}

// Generate ECDHE with the 4.6 chip key, then start the session with the 4.6 host key.
void open_kek_session(StsafeOnBus& b) {
  ASSERT_NO_FATAL_FAILURE(generate_vector_ecdhe(b));
  ASSERT_EQ(b.transact(start_kek_session_command()), kOk);
}

void allow_wrapped_anonymous(Stsafe& chip, uint8_t slot) {
  State s = chip.state();
  s.symmetric_key_control[slot].wrapped_anonymous = true;
  chip.set_state(s);
}

TEST(StsafeKeyDerivation, FactSheetVector46) {
  EXPECT_EQ(p256_public(kChipPrivate), kChipPublic);
  EXPECT_EQ(p256_public(kHostPrivate), kHostPublic);
  EXPECT_EQ(p256_shared_x(kHostPrivate, kChipPublic), kSharedX);
  EXPECT_EQ(derive_base_kek(kSharedX, kChipPublic, kHostPublic), kBaseKek);
  EXPECT_EQ(derive_working_kek(kBaseKek, 1), kWorkingKek1);
  EXPECT_EQ(derive_host_keys(kSharedX, kHostPublic, kChipPublic, 16), kEstablishedHostKeys);
  // The tests' host-side helpers reach the same values and the same envelope.
  EXPECT_EQ(host_working_kek(1), kWorkingKek1);
  EXPECT_EQ(aes_key_wrap(kWorkingKek1, cat({hex("00 03 00 01 00 03 02"), repeat(0x5A, 16), hex("80")})),
            kWrappedCmacSlot3);
}

// Fact sheet 4.6 end to end on the wire, frames of 7.2 steps 4b-4f.
TEST(StsafeKekSession, WrappedCmacKeyOfVector46IsAcceptedIntoSlot3) {
  StsafeOnBus b;
  allow_wrapped_anonymous(b.chip, 3);
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  EXPECT_EQ(b.transact(hex("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 C2 6A")),
            response_frame(0x00, cat({p256_curve_id(), p256_public_key_field(kChipPublic)})));
  EXPECT_EQ(b.transact(start_kek_session_command()), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), kOk);
  EXPECT_EQ(b.transact(hex("1F 06 7C 28")), kOk);

  const SymmetricKeySlot& slot = b.chip.state().symmetric_keys[3];
  ASSERT_TRUE(slot.present);
  EXPECT_EQ(slot.info, cmac_example_info());
  EXPECT_EQ(slot.key, repeat(0x5A, 16));
  // 7.2 step 6: the key works.
  EXPECT_EQ(b.transact(hex("09 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F B7 9E")),
            hex("00 00 06 BE 4C A3 F2 F2 76"));
}

TEST(StsafeKekSession, WrappedWriteWithoutASessionIsASessionError) {
  StsafeOnBus b;
  allow_wrapped_anonymous(b.chip, 3);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x07));
  // Stopped, reset, or lost with the power: gone each time.
  open_kek_session(b);
  EXPECT_EQ(b.transact(hex("1F 06 7C 28")), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x07));
  open_kek_session(b);
  EXPECT_EQ(b.transact(hex("01 E1 F1")), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x07));
  open_kek_session(b);
  b.chip.power_cycle();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x07));
  EXPECT_EQ(b.chip.save_state(), saved);
  // Stop without a session is harmless.
  EXPECT_EQ(b.transact(hex("1F 06 7C 28")), kOk);
}

// Fact sheet 4.1 step 6: k is pre-incremented per wrapped write, on both sides, whether the
// envelope then opens or not.
TEST(StsafeKekSession, EachWrappedWriteUsesTheNextWorkingKek) {
  StsafeOnBus b;
  allow_wrapped_anonymous(b.chip, 3);
  allow_wrapped_anonymous(b.chip, 4);
  open_kek_session(b);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), kOk);  // k = 1
  // k = 2: the same envelope (made with KEK #1) no longer opens.
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x18));
  // k = 3: an envelope made with KEK #3 for slot 4.
  const Bytes plain = cat({hex("00 04 00 01 00 03 02"), repeat(0x77, 16), hex("80")});
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), aes_key_wrap(host_working_kek(3), plain)}))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[4].key, repeat(0x77, 16));
  ASSERT_TRUE(b.chip.volatile_state().kek_session.has_value());
  EXPECT_EQ(b.chip.volatile_state().kek_session->working_keks_used, 3);
}

TEST(StsafeKekSession, WorkingKekCounterEndsAt255) {
  StsafeOnBus b;
  allow_wrapped_anonymous(b.chip, 3);
  open_kek_session(b);
  const Bytes plain = cat({hex("00 03 00 01 00 03 02"), repeat(0x01, 16), hex("80")});
  for (int k = 1; k < 255; ++k) {
    ASSERT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3})))[0], k == 1 ? 0x00 : 0x18) << k;
  }
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), aes_key_wrap(host_working_kek(255), plain)}))), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), kWrappedCmacSlot3}))), error_frame(0x0D));
}

TEST(StsafeKekSession, OneEcdheKeyPairServesOneCommand) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(start_kek_session_command()), error_frame(0x07));
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  EXPECT_EQ(b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"))[0], 0x00);
  EXPECT_EQ(b.transact(start_kek_session_command()), kOk);
  EXPECT_EQ(b.transact(start_kek_session_command()), error_frame(0x07));
}

TEST(StsafeKekSession, StartRefusals) {
  StsafeOnBus b;
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  EXPECT_EQ(b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"))[0], 0x00);
  const Bytes field = p256_public_key_field(kHostPublic);
  Bytes off_curve = kHostPublic;
  off_curve[63] ^= 0x01;
  const Bytes signed_trailer =
      cat({hex("00 01 00 09 60 86 48 01 65 03 04 02 01 00 20"), repeat(1, 32), hex("00 20"), repeat(2, 32)});
  struct Case {
    const char* name;
    Bytes payload;
    uint8_t status;
  };
  const Case cases[] = {
      {"P-384", cat({hex("00 05 2B 81 04 00 22"), field, hex("01")}), 0x03},
      {"algorithm 02", cat({p256_curve_id(), field, hex("02")}), 0x03},
      {"no algorithm", cat({p256_curve_id(), field}), 0x02},
      {"compressed point", cat({p256_curve_id(), hex("02"), Bytes(field.begin() + 1, field.end()), hex("01")}), 0x02},
      {"point off the curve", cat({p256_curve_id(), p256_public_key_field(off_curve), hex("01")}), 0x19},
      {"signed start by an empty public key slot", cat({p256_curve_id(), field, hex("01"), signed_trailer}), 0x0A},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.transact(with_crc(cat({hex("1F 03"), c.payload}))), error_frame(c.status)) << c.name;
  }
  EXPECT_FALSE(b.chip.volatile_state().kek_session.has_value());
  // A refused start before the key agreement leaves the ECDHE key pair for a good one.
  EXPECT_EQ(b.transact(start_kek_session_command()), kOk);
}

TEST(StsafeGenerateEcdhe, KeysComeFromTheSeededRandomStream) {
  auto public_key = [](uint64_t seed) {
    StsafeOnBus b;
    State s = b.chip.state();
    s.random_seed = seed;
    b.chip.set_state(s);
    const Bytes r = b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
    EXPECT_EQ(r.size(), 3u + 0x51);
    EXPECT_EQ(b.chip.state().random_counter, 1u) << "the draw is persisted";
    return Bytes(r.begin() + 3 + 10 + 3, r.end() - 2);
  };
  const Bytes a = public_key(1), a_again = public_key(1), other = public_key(2);
  EXPECT_EQ(a, a_again);
  EXPECT_NE(a, other);
  EXPECT_NE(a, p256_public_key_field(kChipPublic)) << "the injected key is a test hook only";
}

// Other curves are answered too (private_keys_test.cc); Ed25519 has no key agreement.
TEST(StsafeGenerateEcdhe, RefusesEd25519UnknownCurvesAndStrayBytes) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("1F 0B 00 03 2B 65 70")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("1F 0B 00 05 2B 81 04 00 24")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 00")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("1F 0B 00 08 2A 86")), error_frame(0x02));
  EXPECT_FALSE(b.chip.volatile_state().ecdhe.has_value());
  EXPECT_THROW(b.chip.inject_next_ecdhe_private_key(repeat(0x00, 32)), std::invalid_argument);
  EXPECT_THROW(b.chip.inject_next_ecdhe_private_key(repeat(0xFF, 32)), std::invalid_argument);  // >= n
}

// Fact sheet 4.2.
TEST(StsafeWrappedHostKey, AcceptedWhenTheControlFieldsAllowWrappedAnonymous) {
  StsafeOnBus b;
  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  open_kek_session(b);
  const Bytes mac = repeat(0xC1, 16), cipher = repeat(0xC2, 16);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), envelope_for_host_keys(kWorkingKek1, 0, mac, cipher)}))), kOk);
  EXPECT_EQ(b.chip.state().host_key, (HostKeySlot{true, HostKeyType::kAes128, mac, cipher, 0}));
  // And the new keys open a host channel.
  HostChannel host{mac, cipher, 0};
  EXPECT_EQ(host.exchange(b, hex("00"), hex("42")).payload, hex("42"));
}

TEST(StsafeWrappedHostKey, Aes256Envelope) {
  StsafeOnBus b;
  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  open_kek_session(b);
  const Bytes mac = counting(32, 0x40), cipher = counting(32, 0x80);
  const Bytes envelope = envelope_for_host_keys(kWorkingKek1, 1, mac, cipher);
  ASSERT_EQ(envelope.size(), 80u);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), envelope}))), kOk);
  EXPECT_EQ(b.chip.state().host_key, (HostKeySlot{true, HostKeyType::kAes256, mac, cipher, 0}));
}

TEST(StsafeWrappedHostKey, Refusals) {
  StsafeOnBus b;
  const Bytes mac = repeat(0xC1, 16), cipher = repeat(0xC2, 16);
  const Bytes good = envelope_for_host_keys(kWorkingKek1, 0, mac, cipher);
  // Factory control fields: wrapped anonymous NO.
  open_kek_session(b);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), good}))), error_frame(0x1E));
  EXPECT_EQ(b.chip.save_state(), saved);

  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  const auto allowed = b.chip.save_state();
  Bytes tampered = good;
  tampered[10] ^= 0x01;
  open_kek_session(b);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), tampered}))), error_frame(0x18));
  open_kek_session(b);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), Bytes(good.begin(), good.end() - 8)}))), error_frame(0x02));
  open_kek_session(b);
  const Bytes bad_trailer = aes_key_wrap(kWorkingKek1, cat({hex("00 00 00 00"), mac, cipher, hex("80 00 00 01")}));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), bad_trailer}))), error_frame(0x02));
  open_kek_session(b);
  const Bytes type_mismatch = envelope_for_host_keys(kWorkingKek1, 1, mac, cipher);  // AES-256 with 16-byte keys
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), type_mismatch}))), error_frame(0x02));
  EXPECT_EQ(b.chip.save_state(), allowed);

  // A key present and re-provisioning off: refused like the plaintext write.
  b.chip.set_host_key(HostKeySlot{true, HostKeyType::kAes128, test_mac_key(), test_cipher_key(), 5});
  open_kek_session(b);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 08"), good}))), error_frame(0x11));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 5u);
}

// Fact sheet 4.4 with the 4.6 key pairs.
TEST(StsafeEstablishHostKey, DerivesTheVector46HostKeys) {
  StsafeOnBus b;
  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  EXPECT_EQ(b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"))[0], 0x00);
  EXPECT_EQ(
      b.transact(with_crc(cat({hex("1F 18"), p256_curve_id(), p256_public_key_field(kHostPublic), hex("03 00")}))),
      kOk);
  const HostKeySlot& k = b.chip.state().host_key;
  EXPECT_TRUE(k.present);
  EXPECT_EQ(k.type, HostKeyType::kAes128);
  EXPECT_EQ(cat({k.mac_key, k.cipher_key}), kEstablishedHostKeys);
  EXPECT_EQ(k.cmac_counter, 0u);
  // Our host derives the same keys (info = host key first) and they work.
  const Bytes okm = hkdf_sha256(kdf_salt(), kSharedX, cat({kHostPublic, kChipPublic}), 32);
  HostChannel host{Bytes(okm.begin(), okm.begin() + 16), Bytes(okm.begin() + 16, okm.end()), 0};
  EXPECT_EQ(host.exchange(b, hex("00"), hex("99")).payload, hex("99"));
}

TEST(StsafeEstablishHostKey, Aes256) {
  StsafeOnBus b;
  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
  EXPECT_EQ(
      b.transact(with_crc(cat({hex("1F 18"), p256_curve_id(), p256_public_key_field(kHostPublic), hex("03 01")}))),
      kOk);
  const Bytes okm = hkdf_sha256(kdf_salt(), kSharedX, cat({kHostPublic, kChipPublic}), 64);
  const HostKeySlot& k = b.chip.state().host_key;
  EXPECT_EQ(k.type, HostKeyType::kAes256);
  EXPECT_EQ(cat({k.mac_key, k.cipher_key}), okm);
}

TEST(StsafeEstablishHostKey, Refusals) {
  StsafeOnBus b;
  const Bytes body = cat({p256_curve_id(), p256_public_key_field(kHostPublic)});
  auto establish = [&](const Bytes& tail) { return b.transact(with_crc(cat({hex("1F 18"), body, tail}))); };
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
  const auto saved = b.chip.save_state();
  EXPECT_EQ(establish(hex("03 00")), error_frame(0x1E)) << "factory: wrapped anonymous NO (fact sheet 8.18)";
  HostKeyControl c;
  c.wrapped_anonymous = true;
  b.chip.set_host_key_control(c);
  EXPECT_EQ(establish(hex("01 00")), error_frame(0x03)) << "algorithm id";
  EXPECT_EQ(establish(hex("03 02")), error_frame(0x03)) << "key type";
  EXPECT_EQ(establish(hex("03")), error_frame(0x02));
  EXPECT_EQ(establish(cat({hex("03 00 00 01 00 00"), repeat(0, 68)})), error_frame(0x0A))
      << "signed variant, public key slot 1 empty (signed_ecdhe_test.cc has the rest)";
  b.chip.set_host_key(HostKeySlot{true, HostKeyType::kAes128, test_mac_key(), test_cipher_key(), 3});
  EXPECT_EQ(establish(hex("03 00")), error_frame(0x11)) << "re-provisioning off";
  c.reprovision = true;
  b.chip.set_host_key_control(c);
  EXPECT_EQ(establish(hex("03 00")), kOk);
  EXPECT_EQ(establish(hex("03 00")), error_frame(0x07)) << "the ECDHE key pair is used up";
  EXPECT_NE(b.chip.save_state(), saved);
}

// A power cut at every NVM word of a wrapped host key write leaves the old key or the new one.
TEST(StsafeWrappedHostKey, TornWriteLeavesOldOrNew) {
  const HostKeySlot old_key{true, HostKeyType::kAes128, test_mac_key(), test_cipher_key(), 12};
  const HostKeySlot new_key{true, HostKeyType::kAes128, repeat(0xC1, 16), repeat(0xC2, 16), 0};
  bool saw_old = false, saw_new = false;
  for (uint64_t cut = 0; cut < 30; ++cut) {
    StsafeOnBus b;
    HostKeyControl c;
    c.wrapped_anonymous = true;
    c.reprovision = true;
    b.chip.set_host_key_control(c);
    b.chip.set_host_key(old_key);
    open_kek_session(b);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(with_crc(
                  cat({hex("1F 08"), envelope_for_host_keys(kWorkingKek1, 0, new_key.mac_key, new_key.cipher_key)}))),
              BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const HostKeySlot& k = b.chip.state().host_key;
    EXPECT_TRUE(k == old_key || k == new_key) << "cut after " << cut << " words";
    saw_old = saw_old || k == old_key;
    saw_new = saw_new || k == new_key;
  }
  EXPECT_TRUE(saw_old && saw_new);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
