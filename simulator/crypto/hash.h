#pragma once
// Message digests for the device models, on OpenSSL 3 EVP: SHA-1, SHA-224/256/384/512 (FIPS 180-4)
// and SHA3-256/384/512 (FIPS 202). The simulator's own wrapper (the host library hashes through
// hal::Crypto), so the models share no code with the host side. Safe to call from several threads;
// one Stream is not.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace kb::sim::crypto::hash {

enum class Algorithm : uint8_t {
  kSha1 = 0,
  kSha224 = 1,
  kSha256 = 2,
  kSha384 = 3,
  kSha512 = 4,
  kSha3_256 = 5,
  kSha3_384 = 6,
  kSha3_512 = 7,
};
inline constexpr Algorithm kAllAlgorithms[] = {Algorithm::kSha1,     Algorithm::kSha224,  Algorithm::kSha256,
                                               Algorithm::kSha384,   Algorithm::kSha512,  Algorithm::kSha3_256,
                                               Algorithm::kSha3_384, Algorithm::kSha3_512};

std::string_view algorithm_name(Algorithm algorithm);  // "SHA-256", "SHA3-384", ...
size_t digest_length(Algorithm algorithm);             // 20, 28, 32, 48, 64, 32, 48, 64

// A digest computed piece by piece. Copying a stream copies its state (both go on independently).
class Stream {
 public:
  explicit Stream(Algorithm algorithm);
  Stream(const Stream& other);
  Stream& operator=(const Stream& other);
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  Algorithm algorithm() const { return algorithm_; }
  void update(std::span<const uint8_t> data);
  // The digest of everything given so far; the stream then starts over, empty.
  std::vector<uint8_t> finish();

 private:
  struct Context;
  Algorithm algorithm_;
  std::unique_ptr<Context> context_;
};

// One-shot digest.
std::vector<uint8_t> digest(Algorithm algorithm, std::span<const uint8_t> data);

}  // namespace kb::sim::crypto::hash
