// Packet bytes of every command builder against the fields and counts of fact sheet B6.2. The
// model does not run most of these yet (it answers 0x0F), so the fact sheet is the reference:
// expected_packet() frames the documented opcode, Param1, Param2 and data with the documented
// count and an independently computed CRC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/atecc/commands/aes.h"
#include "core/atecc/commands/checkmac.h"
#include "core/atecc/commands/counter.h"
#include "core/atecc/commands/derive_key.h"
#include "core/atecc/commands/ecdh.h"
#include "core/atecc/commands/gendig.h"
#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/info.h"
#include "core/atecc/commands/kdf.h"
#include "core/atecc/commands/lock.h"
#include "core/atecc/commands/mac.h"
#include "core/atecc/commands/nonce.h"
#include "core/atecc/commands/priv_write.h"
#include "core/atecc/commands/read.h"
#include "core/atecc/commands/secure_boot.h"
#include "core/atecc/commands/self_test.h"
#include "core/atecc/commands/sha.h"
#include "core/atecc/commands/sign.h"
#include "core/atecc/commands/update_extra.h"
#include "core/atecc/commands/verify.h"
#include "core/atecc/commands/write.h"
#include "core/atecc/packet.h"
#include "core/atecc/zones.h"
#include "tests/unit/core/atecc/atecc_test_support.h"

namespace kb::core::atecc::commands {
namespace {

using test::expected_packet;
using test::filled;

std::vector<uint8_t> wire(const Result<Command>& c) {
  EXPECT_TRUE(c.ok()) << code_name(c.status().code());
  if (!c.ok()) return {};
  std::vector<uint8_t> out(kMaxPacketBytes);
  out.resize(encode_packet(*c, out));
  return out;
}

std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
  for (uint8_t x : b) a.push_back(x);
  return a;
}

std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b, const std::vector<uint8_t>& c) {
  return concat(concat(std::move(a), b), c);
}

bool refused(const Result<Command>& c) {
  return !c.ok() && c.status() == Status(Code::kInvalidArgument);
}

TEST(AteccCommandPackets, MacWithAndWithoutChallenge) {
  const auto challenge = filled(32, 0x10);
  EXPECT_EQ(wire(mac_command(0x00, 0x0003, challenge)), expected_packet(39, 0x08, 0x00, 0x0003, challenge));
  EXPECT_EQ(wire(mac_command(mac_mode::kBlock2TempKey | mac_mode::kIncludeSerial, 0x0003, {})),
            expected_packet(7, 0x08, 0x41, 0x0003));
  EXPECT_TRUE(refused(mac_command(0x00, 3, {})));
  EXPECT_TRUE(refused(mac_command(mac_mode::kBlock2TempKey, 3, challenge)));
}

TEST(AteccCommandPackets, GenDigZonesAndOtherData) {
  EXPECT_EQ(wire(gendig_command(GenDigZone::kData, 0x0004)), expected_packet(7, 0x15, 0x02, 0x0004));
  const auto no_mac = filled(4, 0xA0);
  EXPECT_EQ(wire(gendig_command(GenDigZone::kData, 0x0004, no_mac)), expected_packet(11, 0x15, 0x02, 0x0004, no_mac));
  const auto nonce = filled(32, 0x40);
  EXPECT_EQ(wire(gendig_command(GenDigZone::kSharedNonce, 0x0000, nonce)),
            expected_packet(39, 0x15, 0x03, 0x0000, nonce));
  EXPECT_EQ(wire(gendig_command(GenDigZone::kCounter, 0x0001)), expected_packet(7, 0x15, 0x04, 0x0001));
  EXPECT_EQ(wire(gendig_command(GenDigZone::kKeyConfig, 0x0005)), expected_packet(7, 0x15, 0x05, 0x0005));
  EXPECT_TRUE(refused(gendig_command(GenDigZone::kSharedNonce, 0, {})));
  EXPECT_TRUE(refused(gendig_command(GenDigZone::kData, 0, filled(8, 0))));
}

TEST(AteccCommandPackets, CheckMacSendsChallengeResponseAndOtherData) {
  const auto challenge = filled(32, 0x00), response = filled(32, 0x80), other = filled(13, 0xF0);
  EXPECT_EQ(wire(checkmac_command(0x01, 0x0006, challenge, response, other)),
            expected_packet(84, 0x28, 0x01, 0x0006, concat(challenge, response, other)));
  EXPECT_TRUE(refused(checkmac_command(0x01, 6, challenge, response, filled(12, 0))));
}

TEST(AteccCommandPackets, DeriveKeyWithAndWithoutMac) {
  EXPECT_EQ(wire(derive_key_command(kDeriveKeyRandomFlag, 0x0009)), expected_packet(7, 0x1C, 0x04, 0x0009));
  const auto mac = filled(32, 0x33);
  EXPECT_EQ(wire(derive_key_command(0x00, 0x0009, mac)), expected_packet(39, 0x1C, 0x00, 0x0009, mac));
  EXPECT_TRUE(refused(derive_key_command(0x00, 9, filled(16, 0))));
}

TEST(AteccCommandPackets, CounterReadAndIncrement) {
  EXPECT_EQ(wire(counter_command(CounterMode::kIncrement, 1)), expected_packet(7, 0x24, 0x01, 0x0001));
  EXPECT_EQ(wire(counter_command(CounterMode::kRead, 1)), expected_packet(7, 0x24, 0x00, 0x0001));
  EXPECT_TRUE(refused(counter_command(CounterMode::kRead, 2)));
}

TEST(AteccCommandPackets, AesModesKeyBlocksAndGfm) {
  const auto block = filled(16, 0x01);
  EXPECT_EQ(wire(aes_command(AesOperation::kEncrypt, 0x0005, 0, block)),
            expected_packet(23, 0x51, 0x00, 0x0005, block));
  EXPECT_EQ(wire(aes_command(AesOperation::kDecrypt, 0x0005, 2, block)),
            expected_packet(23, 0x51, 0x81, 0x0005, block));
  EXPECT_EQ(wire(aes_command(AesOperation::kEncrypt, 0xFFFF, 3, block)),
            expected_packet(23, 0x51, 0xC0, 0xFFFF, block));
  const auto h_and_input = filled(32, 0x20);
  EXPECT_EQ(wire(aes_command(AesOperation::kGfm, 0, 0, h_and_input)),
            expected_packet(39, 0x51, 0x03, 0x0000, h_and_input));
  EXPECT_TRUE(refused(aes_command(AesOperation::kEncrypt, 5, 4, block)));
  EXPECT_TRUE(refused(aes_command(AesOperation::kGfm, 0, 0, block)));
}

TEST(AteccCommandPackets, KdfDetailsLittleEndianThenMessage) {
  const auto message = filled(16, 0x61);
  const uint8_t mode = kdf_mode::kAlgorithmAes | kdf_mode::kSourceSlot | kdf_mode::kTargetOutput;
  EXPECT_EQ(wire(kdf_command(mode, 0x0005, 0x00000001, message)),
            expected_packet(7 + 4 + 16, 0x56, 0x32, 0x0005, concat({0x01, 0x00, 0x00, 0x00}, message)));
  const auto hkdf_message = filled(20, 0x00);
  EXPECT_EQ(wire(kdf_command(kdf_mode::kAlgorithmHkdf | kdf_mode::kTargetSlot, 0x0A02, 0x14000000, hkdf_message)),
            expected_packet(7 + 4 + 20, 0x56, 0x48, 0x0A02, concat({0x00, 0x00, 0x00, 0x14}, hkdf_message)));
  EXPECT_TRUE(refused(kdf_command(0, 0, 0, filled(129, 0))));
}

TEST(AteccCommandPackets, SelfTestBits) {
  EXPECT_EQ(wire(self_test_command(self_test_bits::kRng | self_test_bits::kSha)), expected_packet(7, 0x77, 0x21, 0));
  EXPECT_EQ(self_test_bits::kRng | self_test_bits::kEcdsa | self_test_bits::kEcdh | self_test_bits::kAes |
                self_test_bits::kSha,
            self_test_bits::kAll);
}

TEST(AteccCommandPackets, SecureBootDigestAndSignature) {
  const auto digest = filled(32, 0x90), signature = filled(64, 0x10);
  EXPECT_EQ(wire(secure_boot_command(secure_boot_mode::kFull, digest, signature)),
            expected_packet(7 + 32 + 64, 0x80, 0x05, 0, concat(digest, signature)));
  EXPECT_EQ(wire(secure_boot_command(secure_boot_mode::kFullStore, digest, {})),
            expected_packet(7 + 32, 0x80, 0x06, 0, digest));
  EXPECT_EQ(wire(secure_boot_command(secure_boot_mode::kFullCopy | secure_boot_mode::kEncryptedMac, digest, signature)),
            expected_packet(103, 0x80, 0x87, 0, concat(digest, signature)));
  EXPECT_TRUE(refused(secure_boot_command(secure_boot_mode::kFull, filled(31, 0), signature)));
}

TEST(AteccCommandPackets, ReadAndWriteSizesZonesAndEncryption) {
  EXPECT_EQ(wire(read_command(Zone::kData, 0x0100 | 9 << 3, 32)), expected_packet(7, 0x02, 0x82, 0x0148));
  EXPECT_EQ(wire(read_command(Zone::kOtp, 0x0001, 4)), expected_packet(7, 0x02, 0x01, 0x0001));
  EXPECT_TRUE(refused(read_command(Zone::kConfig, 0, 8)));
  const auto word = filled(4, 0xC0), block = filled(32, 0x00), mac = filled(32, 0x55);
  EXPECT_EQ(wire(write_command(Zone::kConfig, 0x0004, word)), expected_packet(11, 0x12, 0x00, 0x0004, word));
  EXPECT_EQ(wire(write_command(Zone::kData, 0x0010, block)), expected_packet(39, 0x12, 0x82, 0x0010, block));
  EXPECT_EQ(wire(write_encrypted_command(Zone::kData, 0x0020, block, mac)),
            expected_packet(71, 0x12, 0xC2, 0x0020, concat(block, mac)));
  EXPECT_TRUE(refused(write_encrypted_command(Zone::kData, 0x0020, word, mac)));
}

TEST(AteccCommandPackets, NonceRandomAndPassThroughTargets) {
  const auto num_in = filled(20, 0x01);
  EXPECT_EQ(wire(nonce_random_command(num_in)), expected_packet(27, 0x16, 0x00, 0, num_in));
  EXPECT_EQ(wire(nonce_random_command(num_in, false)), expected_packet(27, 0x16, 0x01, 0, num_in));
  const auto value = filled(32, 0x30), wide = filled(64, 0x00);
  EXPECT_EQ(wire(nonce_load_command(NonceTarget::kTempKey, value)), expected_packet(39, 0x16, 0x03, 0, value));
  EXPECT_EQ(wire(nonce_load_command(NonceTarget::kMessageDigestBuffer, value)),
            expected_packet(39, 0x16, 0x43, 0, value));
  EXPECT_EQ(wire(nonce_load_command(NonceTarget::kAlternateKeyBuffer, value)),
            expected_packet(39, 0x16, 0x83, 0, value));
  EXPECT_EQ(wire(nonce_load_command(NonceTarget::kTempKey, wide)), expected_packet(71, 0x16, 0x23, 0, wide));
  EXPECT_TRUE(refused(nonce_load_command(NonceTarget::kAlternateKeyBuffer, wide)));
  EXPECT_TRUE(refused(nonce_random_command(value)));
}

TEST(AteccCommandPackets, LockCrcVariantsAndSlots) {
  EXPECT_EQ(wire(lock_config_command(0xBEEF)), expected_packet(7, 0x17, 0x00, 0xBEEF));
  EXPECT_EQ(wire(lock_data_command(0x1234)), expected_packet(7, 0x17, 0x01, 0x1234));
  EXPECT_EQ(wire(lock_slot_command(5)), expected_packet(7, 0x17, 0x16, 0));
  EXPECT_EQ(wire(lock_slot_command(15)), expected_packet(7, 0x17, 0x3E, 0));
  EXPECT_TRUE(refused(lock_slot_command(16)));
}

TEST(AteccCommandPackets, InfoModes) {
  EXPECT_EQ(wire(info_command(InfoMode::kKeyValid, 2)), expected_packet(7, 0x30, 0x01, 0x0002));
  EXPECT_EQ(wire(info_command(InfoMode::kState)), expected_packet(7, 0x30, 0x02, 0));
  EXPECT_EQ(wire(info_command(InfoMode::kVolatileKeyPermit, 0x0003)), expected_packet(7, 0x30, 0x04, 0x0003));
}

TEST(AteccCommandPackets, GenKeyDigestModesCarryOtherData) {
  const auto other = filled(3, 0x01);
  EXPECT_EQ(wire(genkey_command(genkey_mode::kPubKeyDigest, 0x000B, other)),
            expected_packet(10, 0x40, 0x10, 0x000B, other));
  EXPECT_EQ(wire(genkey_command(genkey_mode::kPrivate, kTempKeyId)), expected_packet(7, 0x40, 0x04, 0xFFFF));
  EXPECT_TRUE(refused(genkey_command(genkey_mode::kDigest, 0, filled(4, 0))));
}

TEST(AteccCommandPackets, SignInternalModes) {
  EXPECT_EQ(wire(sign_internal_command(1)), expected_packet(7, 0x41, 0x00, 0x0001));
  EXPECT_EQ(wire(sign_internal_command(1, true)), expected_packet(7, 0x41, 0x40, 0x0001));
  EXPECT_EQ(wire(sign_internal_command(1, false, true)), expected_packet(7, 0x41, 0x01, 0x0001));
}

TEST(AteccCommandPackets, VerifyModes) {
  const auto sig = filled(64, 0x00), pub = filled(64, 0x40), other = filled(19, 0xE0);
  EXPECT_EQ(wire(verify_external_command(MessageSource::kTempKey, sig, pub)),
            expected_packet(135, 0x45, 0x02, 0x0004, concat(sig, pub)));
  EXPECT_EQ(wire(verify_external_command(MessageSource::kMessageDigestBuffer, sig, pub)),
            expected_packet(135, 0x45, 0x22, 0x0004, concat(sig, pub)));
  EXPECT_EQ(wire(verify_stored_command(MessageSource::kTempKey, 0x000A, sig)),
            expected_packet(71, 0x45, 0x00, 0x000A, sig));
  EXPECT_EQ(wire(verify_validate_command(0x000A, sig, other, false)),
            expected_packet(90, 0x45, 0x03, 0x000A, concat(sig, other)));
  EXPECT_EQ(wire(verify_validate_command(0x000A, sig, other, true)),
            expected_packet(90, 0x45, 0x07, 0x000A, concat(sig, other)));
  EXPECT_TRUE(refused(verify_external_command(MessageSource::kTempKey, sig, filled(63, 0))));
}

TEST(AteccCommandPackets, EcdhOutputModes) {
  const auto pub = filled(64, 0x02);
  EXPECT_EQ(wire(ecdh_command(ecdh_mode::kCopyOutput, 0x0002, pub)), expected_packet(71, 0x43, 0x0C, 0x0002, pub));
  EXPECT_EQ(wire(ecdh_command(ecdh_mode::kCopyOutput | ecdh_mode::kOutputEncrypted, 0x0002, pub)),
            expected_packet(71, 0x43, 0x0E, 0x0002, pub));
  EXPECT_EQ(wire(ecdh_command(ecdh_mode::kCopyTempKey | ecdh_mode::kSourceTempKey, 0xFFFF, pub)),
            expected_packet(71, 0x43, 0x09, 0xFFFF, pub));
  EXPECT_EQ(wire(ecdh_command(ecdh_mode::kCopySlot, 0x0002, pub)), expected_packet(71, 0x43, 0x04, 0x0002, pub));
  EXPECT_EQ(wire(ecdh_command(ecdh_mode::kCopyCompatible, 0x0002, pub)), expected_packet(71, 0x43, 0x00, 0x0002, pub));
}

TEST(AteccCommandPackets, PrivWriteClearAndEncrypted) {
  const auto value = concat({0, 0, 0, 0}, filled(32, 0x01)), mac = filled(32, 0xAA);
  EXPECT_EQ(wire(priv_write_command(0x0003, value, mac, true)),
            expected_packet(75, 0x46, 0x40, 0x0003, concat(value, mac)));
  EXPECT_EQ(wire(priv_write_command(0x0003, value, std::vector<uint8_t>(32, 0), false)),
            expected_packet(75, 0x46, 0x00, 0x0003, concat(value, std::vector<uint8_t>(32, 0))));
  EXPECT_TRUE(refused(priv_write_command(3, filled(32, 0), mac, false)));
}

TEST(AteccCommandPackets, ShaModes) {
  const auto block = filled(64, 0x00), rest = filled(3, 0x61);
  EXPECT_EQ(wire(sha_update_command(block)), expected_packet(71, 0x47, 0x01, 64, block));
  EXPECT_EQ(wire(sha_end_command(rest)), expected_packet(10, 0x47, 0xC2, 3, rest));
  EXPECT_EQ(wire(sha_end_command({}, DigestTarget::kTempKey)), expected_packet(7, 0x47, 0x02, 0));
  EXPECT_EQ(wire(sha_end_command(rest, DigestTarget::kMessageDigestBuffer)), expected_packet(10, 0x47, 0x42, 3, rest));
  EXPECT_EQ(wire(sha_public_command(0x000B)), expected_packet(7, 0x47, 0x03, 0x000B));
  EXPECT_EQ(wire(sha_hmac_start_command(0x0004)), expected_packet(7, 0x47, 0x04, 0x0004));
  EXPECT_EQ(wire(sha_hmac_end_command(rest)), expected_packet(10, 0x47, 0xC2, 3, rest));
  EXPECT_TRUE(refused(sha_update_command(filled(63, 0))));
  EXPECT_TRUE(refused(sha_end_command(block)));
}

TEST(AteccCommandPackets, UpdateExtraModes) {
  EXPECT_EQ(wire(update_extra_command(UpdateExtraMode::kUserExtra, 0x42)), expected_packet(7, 0x20, 0x00, 0x0042));
  EXPECT_EQ(wire(update_extra_command(UpdateExtraMode::kUserExtraAdd, 0xC2)), expected_packet(7, 0x20, 0x01, 0x00C2));
  EXPECT_EQ(wire(update_extra_command(UpdateExtraMode::kDecrementLimitedUse, 0x0007)),
            expected_packet(7, 0x20, 0x02, 0x0007));
}

TEST(AteccHostZones, AddressEncoding) {
  EXPECT_EQ(*zone_address(Zone::kConfig, 0, 2, 5), 0x0015);
  EXPECT_EQ(*zone_address(Zone::kOtp, 0, 1, 7), 0x000F);
  EXPECT_EQ(*zone_address(Zone::kData, 9, 2, 0), 0x0248);
  EXPECT_EQ(*zone_address(Zone::kData, 8, 12, 7), 0x0C47);
  EXPECT_EQ(*zone_address(Zone::kData, 0, 1, 0), 0x0100);
  EXPECT_FALSE(zone_address(Zone::kConfig, 0, 4, 0).ok());
  EXPECT_FALSE(zone_address(Zone::kOtp, 0, 2, 0).ok());
  EXPECT_FALSE(zone_address(Zone::kData, 0, 2, 0).ok());   // a 36-byte slot has blocks 0 and 1
  EXPECT_FALSE(zone_address(Zone::kData, 9, 3, 0).ok());   // a 72-byte slot has blocks 0-2
  EXPECT_FALSE(zone_address(Zone::kData, 8, 13, 0).ok());  // 416 bytes: 13 blocks
  EXPECT_FALSE(zone_address(Zone::kData, 16, 0, 0).ok());
  EXPECT_FALSE(zone_address(Zone::kConfig, 0, 0, 8).ok());
  EXPECT_EQ(*config_word_address(84), 0x0015);
  EXPECT_EQ(*config_word_address(88), 0x0016);
  EXPECT_FALSE(config_word_address(85).ok());
  EXPECT_EQ(slot_size(7) + slot_size(8) + slot_size(15), 36u + 416u + 72u);
}

}  // namespace
}  // namespace kb::core::atecc::commands
