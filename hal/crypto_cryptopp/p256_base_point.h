#pragma once
// Fixed-base P-256 scalar multiplication k·G for the host crypto backend. Crypto++'s ExponentiateBase
// works in affine coordinates with an inversion per step (about 1 ms per key); this one adds 64 affine
// table entries into a Jacobian accumulator and inverts once, which puts key generation in the tens of
// microseconds that the simulator's throughput target needs.
//
// Not a hardened implementation: table rows are scanned in full with masks rather than indexed by the
// secret digit, and the arithmetic avoids secret branches, but this code serves a simulator host and
// has had no side-channel review. Firmware on a board uses its platform's crypto instead.
#include <cstdint>
#include <span>

namespace kb::hal::cryptopp::p256 {

// Writes k·G as X || Y (each 32 bytes big-endian) for the 32-byte big-endian scalar k. Callers pass
// 1 <= k < n; any other 256-bit k is still reduced correctly modulo n, and when k ≡ 0 (mod n) the result
// is the point at infinity: the function then zeroes public_point and returns false.
bool base_point_multiply(std::span<const uint8_t, 32> scalar, std::span<uint8_t, 64> public_point);

}  // namespace kb::hal::cryptopp::p256
