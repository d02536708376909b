#include "simulator/stsafe_a120/signed_ecdhe.h"

#include <openssl/evp.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kFiller = 0x00;
constexpr size_t kHashIdLength = 11;
constexpr uint8_t kEd25519HashId[] = {0x00, 0x00};

// Fact sheet 2.4 hash algorithm ids and OpenSSL's names for them.
struct HashId {
  uint8_t id[kHashIdLength];
  const char* name;
};
constexpr HashId kHashes[] = {
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}, "SHA256"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02}, "SHA384"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03}, "SHA512"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04}, "SHA224"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08}, "SHA3-256"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x09}, "SHA3-384"},
    {{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0A}, "SHA3-512"},
    {{0x00, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x00, 0x00, 0x00, 0x00}, "SHA1"},
};

std::optional<std::vector<uint8_t>> digest(const char* name, std::span<const uint8_t> data) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) return std::nullopt;
  std::vector<uint8_t> out(static_cast<size_t>(EVP_MD_get_size(md)));
  unsigned int length = 0;
  const bool ok = EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr) == 1;
  EVP_MD_free(md);
  if (!ok || length != out.size()) return std::nullopt;
  return out;
}

bool flag_for(const PublicKeyFlags& flags, SignedEcdheUse use) {
  switch (use) {
    case SignedEcdheUse::kStartVolatileKekSession: return flags.start_volatile_kek_session;
    case SignedEcdheUse::kEstablishHostKey: return flags.establish_host_key;
    case SignedEcdheUse::kEstablishSymmetricKey: return flags.establish_symmetric_key;
  }
  return false;
}
}  // namespace

std::variant<uint8_t, Status> check_signed_ecdhe(const State& state, SignedEcdheUse use, std::span<const uint8_t> tail,
                                                 std::span<const uint8_t> tbs) {
  if (tail.size() < 2) return Status::kInconsistentCommandData;
  if (tail[0] != kFiller) return Status::kValueOutOfRange;
  const uint8_t slot = tail[1];
  auto found = find_public_key(state.public_keys, slot);
  if (const Status* error = std::get_if<Status>(&found)) return *error;
  const PublicKeySlot& key = *std::get<const PublicKeySlot*>(found);
  if (!crypto::ec::can_sign(key.curve)) return Status::kWrongKeyType;

  // The hash id: two bytes for an Ed25519 key, eleven otherwise.
  const bool ed25519 = key.curve == Curve::kEd25519;
  const size_t id_length = ed25519 ? sizeof kEd25519HashId : kHashIdLength;
  if (tail.size() < 2 + id_length) return Status::kInconsistentCommandData;
  const std::span<const uint8_t> id = tail.subspan(2, id_length);
  const HashId* hash = nullptr;
  if (ed25519) {
    if (!std::equal(id.begin(), id.end(), std::begin(kEd25519HashId))) return Status::kValueOutOfRange;
  } else {
    for (const HashId& h : kHashes) {
      if (std::equal(id.begin(), id.end(), std::begin(h.id))) hash = &h;
    }
    if (hash == nullptr) return Status::kValueOutOfRange;
  }
  size_t at = 2 + id_length;
  const std::optional<SignatureParts> signature = read_signature_field(tail, at);
  if (!signature || at != tail.size()) return Status::kInconsistentCommandData;
  if (!flag_for(key.flags, use)) return Status::kWrongKeyUsage;

  bool valid = false;
  if (ed25519) {
    valid = crypto::ec::verify(key.curve, key.public_key, tbs, signature->r, signature->s);
  } else {
    const std::optional<std::vector<uint8_t>> d = digest(hash->name, tbs);
    if (!d) return Status::kUnexpectedError;
    valid = crypto::ec::verify(key.curve, key.public_key, *d, signature->r, signature->s);
  }
  if (!valid) return Status::kAccessConditionNotSatisfied;
  return slot;
}

}  // namespace kb::sim::stsafe_a120
