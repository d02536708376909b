// The host backend's own P-256 arithmetic (hal/crypto_cryptopp/p256_*): field operations and the
// group law's exceptional cases checked directly, k·G against published vectors (source named on each)
// and against Crypto++'s ExponentiateBase for edge and pseudo-random scalars.
#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>
#include <cryptopp/integer.h>
#include <cryptopp/oids.h>
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hal/crypto_cryptopp/p256_base_point.h"
#include "hal/crypto_cryptopp/p256_field.h"
#include "hal/crypto_cryptopp/p256_point.h"

namespace kb::hal::cryptopp::p256 {
namespace {

using Bytes32 = std::array<uint8_t, 32>;
using Bytes64 = std::array<uint8_t, 64>;
using CryptoPP::Integer;

template <size_t N>
std::array<uint8_t, N> hex(std::string_view text) {
  std::array<uint8_t, N> out{};
  size_t nibbles = 0;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    const int v =
        std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (nibbles / 2 >= N) {
      ADD_FAILURE() << "too many hex digits in " << text;
      return out;
    }
    out[nibbles / 2] = static_cast<uint8_t>(out[nibbles / 2] << 4 | v);
    ++nibbles;
  }
  EXPECT_EQ(nibbles, 2 * N) << "wrong number of hex digits in " << text;
  return out;
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0F];
  }
  return out;
}

Integer to_integer(std::span<const uint8_t> big_endian) {
  return Integer(big_endian.data(), big_endian.size());
}

Bytes32 to_bytes(const Integer& value) {
  Bytes32 out;
  value.Encode(out.data(), out.size());
  return out;
}

// The group order n of secp256r1 (SEC 2 2.4.2 / FIPS 186-4 D.1.2.3).
const Integer kOrder("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
// The field prime p of the same curve.
const Integer kPrime("0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

// The independent reference: Crypto++'s own P-256 base-point multiplication.
class CryptoppReference {
 public:
  CryptoppReference() : group_(CryptoPP::ASN1::secp256r1()) {}

  std::string multiply(const Integer& k) {
    const CryptoPP::ECP::Point point = group_.ExponentiateBase(k);
    Bytes64 out;
    point.x.Encode(out.data(), 32);
    point.y.Encode(out.data() + 32, 32);
    return to_hex(out);
  }

 private:
  CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> group_;
};

std::string ours(const Bytes32& scalar) {
  Bytes64 out;
  EXPECT_TRUE(base_point_multiply(scalar, out)) << "k = " << to_hex(scalar);
  return to_hex(out);
}

std::string ours(const Integer& k) {
  return ours(to_bytes(k));
}

// ---------------------------------------------------------------- field arithmetic mod p

FieldElement element(const Integer& value) {
  FieldElement out{};
  EXPECT_TRUE(field_from_bytes(to_bytes(value), out));
  return out;
}

Integer value(const FieldElement& a) {
  Bytes32 bytes;
  field_to_bytes(a, bytes);
  return to_integer(bytes);
}

Integer random_below(std::mt19937_64& rng, const Integer& bound) {
  for (;;) {
    Bytes32 bytes;
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    Integer candidate = to_integer(bytes);
    if (candidate < bound) return candidate;
  }
}

TEST(P256FieldTest, AgreesWithIntegerArithmeticModP) {
  std::mt19937_64 rng(0x5EED0001);
  // The extremes first: 0, 1, p-1 and values near 2^255 exercise every carry and borrow path.
  std::vector<Integer> samples = {
      Integer::Zero(),      Integer::One(),          kPrime - 1, kPrime - 2, Integer::Power2(255),
      Integer::Power2(224), Integer::Power2(192) - 1};
  for (int i = 0; i < 300; ++i) samples.push_back(random_below(rng, kPrime));
  for (size_t i = 0; i < samples.size(); ++i) {
    const Integer& a = samples[i];
    const Integer& b = samples[(i * 7 + 3) % samples.size()];
    const FieldElement fa = element(a), fb = element(b);
    ASSERT_EQ(value(fa), a);
    EXPECT_EQ(value(field_add(fa, fb)), (a + b) % kPrime) << a << " + " << b;
    EXPECT_EQ(value(field_sub(fa, fb)), (a - b + kPrime) % kPrime) << a << " - " << b;
    EXPECT_EQ(value(field_mul(fa, fb)), a.Times(b) % kPrime) << a << " * " << b;
    EXPECT_EQ(value(field_sqr(fa)), a.Squared() % kPrime) << a << "^2";
    const Integer expected_inverse = a.IsZero() ? Integer::Zero() : a.InverseMod(kPrime);
    EXPECT_EQ(value(field_invert(fa)), expected_inverse) << a << "^-1";
  }
}

TEST(P256FieldTest, RejectsEncodingsNotBelowP) {
  FieldElement out = field_one();
  EXPECT_FALSE(field_from_bytes(to_bytes(kPrime), out));
  EXPECT_FALSE(field_from_bytes(to_bytes(kPrime + 1), out));
  EXPECT_FALSE(field_from_bytes(hex<32>(std::string(64, 'f')), out));
  EXPECT_EQ(value(out), Integer::One());  // untouched by the failed reads
  EXPECT_TRUE(field_from_bytes(to_bytes(kPrime - 1), out));
}

TEST(P256FieldTest, MasksAndSelect) {
  const FieldElement zero = field_zero(), one = field_one();
  EXPECT_EQ(field_is_zero_mask(zero), ~uint64_t{0});
  EXPECT_EQ(field_is_zero_mask(one), 0u);
  EXPECT_EQ(field_equal_mask(one, one), ~uint64_t{0});
  EXPECT_EQ(field_equal_mask(one, zero), 0u);
  EXPECT_EQ(value(field_select(~uint64_t{0}, one, zero)), Integer::One());
  EXPECT_EQ(value(field_select(0, one, zero)), Integer::Zero());
}

// ---------------------------------------------------------------- group law, exceptional cases

std::string affine_hex(const JacobianPoint& p) {
  AffinePoint a;
  if (!to_affine(p, a)) return "infinity";
  Bytes64 out;
  affine_to_bytes(a, out);
  return to_hex(out);
}

std::string affine_hex(const AffinePoint& p) {
  return affine_hex(to_jacobian(p));
}

AffinePoint negated(const AffinePoint& p) {
  return AffinePoint{p.x, field_sub(field_zero(), p.y)};
}

constexpr uint64_t kFinite = 0;
constexpr uint64_t kInfinite = ~uint64_t{0};

class P256PointTest : public ::testing::Test {
 protected:
  CryptoppReference reference_;
  const AffinePoint g_ = generator();
};

TEST_F(P256PointTest, AddingAPointToItselfDoubles) {
  EXPECT_EQ(affine_hex(point_add_mixed(to_jacobian(g_), g_, kFinite)), reference_.multiply(2));
  // The same case with a Jacobian operand whose Z is not 1: 2G (from doubling) + 2G (affine) = 4G.
  const JacobianPoint two_g = point_double(to_jacobian(g_));
  AffinePoint two_g_affine;
  ASSERT_TRUE(to_affine(two_g, two_g_affine));
  EXPECT_EQ(affine_hex(point_add_mixed(two_g, two_g_affine, kFinite)), reference_.multiply(4));
}

TEST_F(P256PointTest, AddingTheNegationGivesInfinity) {
  EXPECT_EQ(affine_hex(point_add_mixed(to_jacobian(g_), negated(g_), kFinite)), "infinity");
  const JacobianPoint two_g = point_double(to_jacobian(g_));
  AffinePoint two_g_affine;
  ASSERT_TRUE(to_affine(two_g, two_g_affine));
  EXPECT_EQ(affine_hex(point_add_mixed(two_g, negated(two_g_affine), kFinite)), "infinity");
}

TEST_F(P256PointTest, InfinityIsTheIdentity) {
  EXPECT_EQ(affine_hex(point_add_mixed(point_at_infinity(), g_, kFinite)), reference_.multiply(1));
  EXPECT_EQ(affine_hex(point_add_mixed(to_jacobian(g_), g_, kInfinite)), reference_.multiply(1));
  EXPECT_EQ(affine_hex(point_add_mixed(point_at_infinity(), g_, kInfinite)), "infinity");
  EXPECT_EQ(affine_hex(point_double(point_at_infinity())), "infinity");
}

TEST_F(P256PointTest, GenericAdditionAndDoubling) {
  const JacobianPoint two_g = point_double(to_jacobian(g_));
  EXPECT_EQ(affine_hex(two_g), reference_.multiply(2));
  EXPECT_EQ(affine_hex(point_add_mixed(two_g, g_, kFinite)), reference_.multiply(3));
  EXPECT_EQ(affine_hex(point_double(point_double(two_g))), reference_.multiply(8));
}

TEST_F(P256PointTest, BatchConversionMatchesOneByOne) {
  std::vector<JacobianPoint> points = {to_jacobian(g_)};
  for (int i = 1; i < 9; ++i) points.push_back(point_add_mixed(points.back(), g_, kFinite));
  std::vector<AffinePoint> affine(points.size());
  to_affine_batch(points, affine);
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(affine_hex(affine[i]), reference_.multiply(Integer(static_cast<long>(i + 1)))) << i + 1 << "·G";
  }
}

// ---------------------------------------------------------------- k·G, published vectors

struct Vector {
  const char* source;
  const char* k;
  const char* x;
  const char* y;
};

// SEC 2 / FIPS 186-4 D.1.2.3: G itself. RFC 6979 A.2.5: the P-256 key pair. "Elliptic curve point
// multiplication test vectors" (Chuck Batson, widely reproduced as the NIST P-256 k·G list): small k,
// 112233445566778899, 112233445566778899112233445566778899, a scalar made of long runs of zeros and
// ones, and n-1, whose multiple is -G = (Gx, p - Gy).
const Vector kVectors[] = {
    {"SEC 2 G", "01", "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
     "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"},
    {"Batson k=2", "02", "7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978",
     "07775510DB8ED040293D9AC69F7430DBBA7DADE63CE982299E04B79D227873D1"},
    {"Batson k=3", "03", "5ECBE4D1A6330A44C8F7EF951D4BF165E6C6B721EFADA985FB41661BC6E7FD6C",
     "8734640C4998FF7E374B06CE1A64A2ECD82AB036384FB83D9A79B127A27D5032"},
    {"Batson k=4", "04", "E2534A3532D08FBBA02DDE659EE62BD0031FE2DB785596EF509302446B030852",
     "E0F1575A4C633CC719DFEE5FDA862D764EFC96C3F30EE0055C42C23F184ED8C6"},
    {"Batson k=5", "05", "51590B7A515140D2D784C85608668FDFEF8C82FD1F5BE52421554A0DC3D033ED",
     "E0C17DA8904A727D8AE1BF36BF8A79260D012F00D4D80888D1D0BB44FDA16DA4"},
    {"Batson k=7", "07", "8E533B6FA0BF7B4625BB30667C01FB607EF9F8B8A80FEF5B300628703187B2A3",
     "73EB1DBDE03318366D069F83A6F5900053C73633CB041B21C55E1A86C1F400B4"},
    {"Batson k=15", "0F", "F0454DC6971ABAE7ADFB378999888265AE03AF92DE3A0EF163668C63E59B9D5F",
     "B5B93EE3592E2D1F4E6594E51F9643E62A3B21CE75B5FA3F47E59CDE0D034F36"},
    {"Batson k=19", "13", "CB6D2861102C0C25CE39B7C17108C507782C452257884895C1FC7B74AB03ED83",
     "58D7614B24D9EF515C35E7100D6D6CE4A496716E30FA3E03E39150752BCECDAA"},
    {"Batson k=20", "14", "83A01A9378395BAB9BCD6A0AD03CC56D56E6B19250465A94A234DC4C6B28DA9A",
     "76E49B6DE2F73234AE6A5EB9D612B75C9F2202BB6923F54FF8240AAA86F640B8"},
    {"Batson k=112233445566778899", "018EBBB95EED0E13",
     "339150844EC15234807FE862A86BE77977DBFB3AE3D96F4C22795513AEAAB82F",
     "B1C14DDFDC8EC1B2583F51E85A5EB3A155840F2034730E9B5ADA38B674336A21"},
    {"Batson k=112233445566778899112233445566778899", "159D893D4CDD747246CDCA43590E13",
     "1B7E046A076CC25E6D7FA5003F6729F665CC3241B5ADAB12B498CD32F2803264",
     "BFEA79BE2B666B073DB69A2A241ADAB0738FE9D2DD28B5604EB8C8CF097C457B"},
    {"Batson k=12078056106883488161242983286051341125085761470677906721917479268909056",
     "1C000000000001001F803FFFFFF80000000000007FF0000000000000000",
     "5E6C8524B6369530B12C62D31EC53E0288173BD662BDF680B53A41ECBCAD00CC",
     "447FE742C2BFEF4D0DB14B5B83A2682309B5618E0064A94804E9282179FE089F"},
    {"Batson k=n-1", "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550",
     "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
     "B01CBD1C01E58065711814B583F061E9D431CCA994CEA1313449BF97C840AE0A"},
    {"RFC 6979 A.2.5", "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
     "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
     "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"},
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(P256BasePointTest, PublishedVectors) {
  for (const Vector& v : kVectors) {
    const std::string k(v.k);
    const Bytes32 scalar = hex<32>(std::string(64 - k.size(), '0') + k);
    EXPECT_EQ(ours(scalar), lower(std::string(v.x) + v.y)) << v.source;
  }
}

// ---------------------------------------------------------------- k·G against Crypto++

class P256BasePointCrossCheck : public ::testing::Test {
 protected:
  void expect_agrees(const Integer& k) { EXPECT_EQ(ours(k), reference_.multiply(k)) << "k = " << k; }
  CryptoppReference reference_;
};

TEST_F(P256BasePointCrossCheck, EdgeScalars) {
  for (const Integer& k : {Integer::One(), Integer::Two(), kOrder - 1, kOrder - 2, kOrder - 15, kOrder - 16,
                           kOrder - 17, kOrder / 2, kOrder / 2 + 1}) {
    expect_agrees(k);
  }
}

TEST_F(P256BasePointCrossCheck, PowersOfTwo) {
  // 2^255 < n, so every single-bit scalar is a valid key; each one uses exactly one table row.
  for (unsigned bit = 0; bit < 256; ++bit) expect_agrees(Integer::Power2(bit));
}

TEST_F(P256BasePointCrossCheck, LongRunsOfOnesAndZeros) {
  for (unsigned length = 1; length < 256; ++length) {
    expect_agrees(Integer::Power2(length) - 1);  // ones at the bottom
  }
  for (unsigned low = 0; low + 64 < 256; low += 3) {
    expect_agrees(Integer::Power2(low + 64) - Integer::Power2(low));  // a run of ones in the middle
  }
  // Every digit 15 but one 14 (the largest table entries throughout), then the same with zero digits.
  const Integer nearly_all_ones = Integer::Power2(256) - Integer::Power2(224) - 1;
  ASSERT_LT(nearly_all_ones, kOrder);
  expect_agrees(nearly_all_ones);
  expect_agrees(nearly_all_ones - Integer::Power2(128) * 15 - Integer::Power2(16) * 15);
}

TEST_F(P256BasePointCrossCheck, PseudoRandomScalars) {
  std::mt19937_64 rng(0x0B5E55ED);  // fixed seed: the same 2000 scalars every run
  for (int i = 0; i < 2000; ++i) {
    Integer k;
    do {
      k = random_below(rng, kOrder);
    } while (k.IsZero());
    expect_agrees(k);
  }
}

// The contract covers 1 <= k < n, but the table sum is a group computation, so any 256-bit k works
// modulo n; k ≡ 0 is reported as infinity rather than an encoding of garbage.
TEST_F(P256BasePointCrossCheck, ScalarsAtOrAboveTheOrderReduceModuloN) {
  Bytes64 out;
  out.fill(0xEE);
  EXPECT_FALSE(base_point_multiply(to_bytes(kOrder), out));
  EXPECT_EQ(to_hex(out), std::string(128, '0'));
  EXPECT_FALSE(base_point_multiply(Bytes32{}, out));
  EXPECT_EQ(ours(kOrder + 1), reference_.multiply(1));
  const Integer top = Integer::Power2(256) - 1;
  EXPECT_EQ(ours(top), reference_.multiply(top % kOrder));
}

}  // namespace
}  // namespace kb::hal::cryptopp::p256
