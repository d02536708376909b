// The committed ATECC608A bench fixtures, each loaded as `keybench run --target sim:...` loads it
// and checked through the chip's command interface for the property it exists to provide.
#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/simulator/atecc608a/bench_driver.h"
#include "tests/unit/simulator/atecc608a/openssl_p256.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBench;
using test_support::data_address;
using test_support::hex;
using test_support::openssl_public_point;
using test_support::openssl_verifies_raw;

constexpr uint8_t kOk = 0x00;
constexpr uint8_t kRefused = 0x0F;

// RFC 6979 A.2.5 (P-256) and RFC 5903 8.1 (initiator i, g^i) key pairs.
const std::vector<uint8_t> kRfc6979Private = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
const std::vector<uint8_t> kRfc6979Public =
    hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
const std::vector<uint8_t> kRfc5903Private = hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433");
const std::vector<uint8_t> kRfc5903Public =
    hex("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
        "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3");

const std::vector<uint8_t> kKeyValid = hex("01 00 00 00");
const std::vector<uint8_t> kNoKey = hex("00 00 00 00");

// Config bytes 84-87 and 88-91 (block 2, words 5 and 6).
std::vector<uint8_t> lock_bytes(AteccOnBench& c) {
  return c.payload(0x02, 0x00, 2 << 3 | 5);
}
std::vector<uint8_t> slot_locked_word(AteccOnBench& c) {
  return c.payload(0x02, 0x00, 2 << 3 | 6);
}

// Signs 32 bytes of pass-through TempKey with the slot's key (the driver's p_sign, A3.2).
std::vector<uint8_t> sign(AteccOnBench& c, size_t slot, const std::vector<uint8_t>& digest) {
  EXPECT_EQ(c.status_of(0x16, 0x03, 0, digest), kOk);
  return c.payload(0x41, 0x80, static_cast<uint16_t>(slot));
}

TEST(AteccFixtures, OpensslAgreesWithThePublishedKeyPairs) {
  EXPECT_EQ(openssl_public_point(kRfc6979Private), kRfc6979Public);
  EXPECT_EQ(openssl_public_point(kRfc5903Private), kRfc5903Public);
}

TEST(AteccFixtures, MbedExampleHasTheFactoryKeyInSlot0) {
  AteccOnBench c("atecc608a-mbed-example.json");
  ASSERT_EQ(c.wake(), hex("04 11 33 43"));
  EXPECT_EQ(lock_bytes(c), hex("00 00 00 00")) << "UserExtra, UserExtraAdd 0; data and config locked";
  EXPECT_EQ(c.payload(0x30, 0x01, 0), kKeyValid) << "the key mbedtls_psa_register_se_key registers (A4.3 step 4)";
  EXPECT_EQ(c.payload(0x30, 0x01, 2), kNoKey) << "the slot the example generates into is empty";
  // p_export_public: GenKey public mode on slot 0 gives the point OpenSSL computes from the scalar.
  EXPECT_EQ(c.payload(0x40, 0x00, 0), openssl_public_point(kRfc6979Private));
  // The same point, readable in the clear from public-key slot 9 (B7.4 padded layout).
  std::vector<uint8_t> slot9;
  for (size_t block = 0; block < 3; ++block) {
    const std::vector<uint8_t> b = c.payload(0x02, 0x82, data_address(9, block));
    ASSERT_EQ(b.size(), 32u);
    for (uint8_t x : b) slot9.push_back(x);
  }
  // X from bytes 4-35, Y from 40-71. Copied byte by byte: GCC 12 at -O2 reports a false
  // -Warray-bounds for inserting the range.
  std::vector<uint8_t> xy;
  for (size_t i = 0; i < 32; ++i) xy.push_back(slot9[4 + i]);
  for (size_t i = 0; i < 32; ++i) xy.push_back(slot9[40 + i]);
  EXPECT_EQ(xy, openssl_public_point(kRfc6979Private));
  EXPECT_EQ(hex("00000000"), std::vector<uint8_t>(slot9.begin(), slot9.begin() + 4));
  // The CSR step: a signature by slot 0 that OpenSSL verifies under that point.
  const std::vector<uint8_t> digest(32, 0xA5);
  EXPECT_TRUE(openssl_verifies_raw(kRfc6979Public, digest, sign(c, 0, digest)));
  // Both zones are locked for good, and the example's generate step (GenKey slot 2) works.
  EXPECT_EQ(c.status_of(0x17, 0x80, 0), kRefused) << "config already locked";
  EXPECT_EQ(c.status_of(0x17, 0x81, 0), kRefused) << "data already locked";
  EXPECT_EQ(c.payload(0x40, 0x04, 2).size(), 64u);
  EXPECT_EQ(c.payload(0x30, 0x01, 2), kKeyValid);
}

TEST(AteccFixtures, TrustflexKeysAreFixedAndSecondariesRegenerable) {
  AteccOnBench c("atecc608a-trustflex.json");
  ASSERT_EQ(c.wake(), hex("04 11 33 43"));
  EXPECT_EQ(lock_bytes(c), hex("00 00 00 00"));
  EXPECT_EQ(c.payload(0x02, 0x00, 0 << 3 | 4), hex("C0 00 00 01")) << "ChipMode bit 0: UserExtraAdd address";
  EXPECT_EQ(c.payload(0x30, 0x01, 0), kKeyValid);
  EXPECT_EQ(c.payload(0x30, 0x01, 1), kKeyValid);
  for (uint16_t slot : {2, 3, 4}) EXPECT_EQ(c.payload(0x30, 0x01, slot), kNoKey) << slot;
  EXPECT_EQ(c.payload(0x40, 0x00, 0), kRfc6979Public);
  EXPECT_EQ(c.payload(0x40, 0x00, 1), kRfc5903Public);
  EXPECT_EQ(c.status_of(0x40, 0x04, 0), kRefused) << "the primary key is permanent (no GenKey bit)";
  EXPECT_EQ(c.status_of(0x40, 0x04, 1), kRefused) << "the attestation key is permanent";
  EXPECT_EQ(c.payload(0x40, 0x00, 0), kRfc6979Public) << "and unchanged";
  EXPECT_EQ(c.payload(0x40, 0x04, 2).size(), 64u) << "secondary keys are regenerable";
  const std::vector<uint8_t> digest(32, 0x3C);
  EXPECT_TRUE(openssl_verifies_raw(kRfc6979Public, digest, sign(c, 0, digest)));
  EXPECT_EQ(c.status_of(0x16, 0x03, 0, digest), kOk);
  EXPECT_EQ(c.status_of(0x41, 0x80, 1), kRefused) << "slot 1 signs internal messages only (ReadKey bit 1)";
}

TEST(AteccFixtures, DataLockedEmptyHasNoKeysAndNoLocksLeft) {
  AteccOnBench c("atecc608a-data-locked-empty.json");
  ASSERT_EQ(c.wake(), hex("04 11 33 43"));
  EXPECT_EQ(lock_bytes(c), hex("00 00 00 00"));
  for (uint16_t slot = 0; slot < 16; ++slot) EXPECT_EQ(c.payload(0x30, 0x01, slot), kNoKey) << slot;
  EXPECT_EQ(c.status_of(0x40, 0x00, 0), kRefused) << "no private key to compute a public key from";
  EXPECT_EQ(c.status_of(0x17, 0x80, 0), kRefused);
  EXPECT_EQ(c.status_of(0x17, 0x81, 0), kRefused);
  EXPECT_EQ(c.status_of(0x46, 0x00, 0, std::vector<uint8_t>(68, 0)), kRefused) << "no clear PrivWrite after the lock";
  EXPECT_EQ(c.payload(0x40, 0x04, 0).size(), 64u) << "slot 0 is GenKey-able";
  EXPECT_EQ(c.payload(0x30, 0x01, 0), kKeyValid);
}

TEST(AteccFixtures, Slot0LockedRefusesANewKeyThere) {
  AteccOnBench c("atecc608a-slot0-locked.json");
  ASSERT_EQ(c.wake(), hex("04 11 33 43"));
  EXPECT_EQ(slot_locked_word(c), hex("FE FF 00 00")) << "SlotLocked bit 0 clear";
  EXPECT_EQ(c.payload(0x30, 0x01, 0), kKeyValid);
  EXPECT_EQ(c.status_of(0x40, 0x04, 0), kRefused) << "slot 0 is locked";
  EXPECT_EQ(c.payload(0x40, 0x00, 0), kRfc6979Public) << "its key is unchanged and still usable";
  EXPECT_EQ(c.payload(0x40, 0x04, 2).size(), 64u) << "slot 2, same SlotConfig but not locked, takes a key";
  EXPECT_EQ(c.status_of(0x17, 0x02, 0), kRefused) << "already locked";
  EXPECT_EQ(c.status_of(0x17, 0x02 | 1 << 2, 0), kRefused) << "slot 1 is not Lockable";
  EXPECT_EQ(slot_locked_word(c), hex("FE FF 00 00"));
}

}  // namespace
}  // namespace kb::sim::atecc608a
