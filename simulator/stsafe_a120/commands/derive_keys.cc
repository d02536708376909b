// Derive keys (1F 10): HKDF-SHA-256 (RFC 5869) inside the chip. Layout (STSELib's derive keys
// service, fact sheet 2.2; multi-byte lengths big-endian):
//   input key:  00 | mode (04, HKDF) | length (2) | key      (from the command)
//            or 02 | slot                                     (a generic secret in HKDF mode with
//                                                              the derive usage bit)
//   steps (1):  bit 1 extract, bit 0 expand (01 expand only, 02 extract only, 03 both)
//   hash algorithm id (11): SHA-256 only
//   extract:    salt = 00 | length (2) | salt  or  02 | slot  (length 0: HashLen zeros)
//   expand:     info length (2) | info, then one descriptor per output key, to the end:
//               length (2) | 01 | key length (2)              (returned to the host; length = 3)
//               length (2) | 02 | lock | type | mode | usage (2) | mode parameters
//                                                             (key info of fact sheet 2.8 without
//                                                              its slot number; length = 1 + that)
// Response: extract only -> the slot the PRK went to (1); expand -> per descriptor, in order, the
// key (returned) or the slot it was written to (1).
//
// One expand produces the bytes of every output key, taken in descriptor order (**inference**).
// A key for a slot goes to the first empty slot whose control fields allow Derive Keys (fact sheet
// 2.7 bit 0.5), else the first such slot holding an unlocked key (STSELib's documentation), never
// one chosen earlier in the same command nor the input or salt slot (**inference**); none left ->
// BOUNDARY_EXCEEDED. A key is returned to the host only when the input key came with the command
// or its HKDF flags allow it (fact sheet 2.8), else WRONG_KEY_USAGE (**inference** for the code).
// Everything is checked and derived before the first slot is written; each slot write is atomic
// on its own (state_store.h), a power cut between two slots leaves the first one written.
#include <algorithm>
#include <array>
#include <optional>

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kSourceCommand = 0x00;
constexpr uint8_t kDestinationResponse = 0x01;
constexpr uint8_t kSourceSlot = 0x02;
constexpr uint8_t kStepExpand = 0x01;
constexpr uint8_t kStepExtract = 0x02;
constexpr std::array<uint8_t, 11> kSha256Id = {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
constexpr size_t kMaxOutputKeys = 32;            // STSELib: 1 to 32 keys per command
constexpr size_t kMaxResponsePayload = 747;      // the 752-byte frame less the header and an R-MAC
constexpr size_t kResponseDescriptorLength = 3;  // destination | key length (2)

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool has(size_t n) const { return bytes_.size() - at_ >= n; }
  bool done() const { return at_ == bytes_.size(); }
  uint8_t u8() { return bytes_[at_++]; }
  uint16_t be16() {
    const auto v = static_cast<uint16_t>(bytes_[at_] << 8 | bytes_[at_ + 1]);
    at_ += 2;
    return v;
  }
  std::span<const uint8_t> take(size_t n) {
    std::span<const uint8_t> out = bytes_.subspan(at_, n);
    at_ += n;
    return out;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

struct Output {
  bool to_slot = false;
  size_t length = 0;      // bytes of OKM this key takes
  SymmetricKeyInfo info;  // to_slot: the key info, slot filled in once chosen
};

// A slot key the command reads (input key or salt): a generic secret in HKDF mode with the
// derive usage bit.
std::variant<const SymmetricKeySlot*, Status> derive_source(const State& state, uint8_t slot) {
  if (slot >= kSymmetricSlotCount) return Status::kValueOutOfRange;
  const SymmetricKeySlot& key = state.symmetric_keys[slot];
  if (!key.present) return Status::kKeyNotFound;
  if (key.info.type != SymmetricKeyType::kGenericSecret) return Status::kWrongKeyType;
  if (key.info.mode != KeyMode::kHkdf) return Status::kWrongModeOfOperation;
  if ((key.info.usage & key_usage::kDerive) == 0) return Status::kWrongKeyUsage;
  return &key;
}

// A key description: the key info of fact sheet 2.8 without its slot byte, exactly its length.
std::variant<SymmetricKeyInfo, Status> parse_description(std::span<const uint8_t> d) {
  if (d.size() < 3) return Status::kInconsistentCommandData;
  const std::optional<size_t> length = key_info_length(d[2]);
  if (!length) return Status::kValueOutOfRange;
  if (d.size() != *length - 1) return Status::kInconsistentCommandData;
  std::vector<uint8_t> info(*length, 0x00);  // slot 0 stands in until a slot is chosen
  info[0] = d[0];
  for (size_t i = 1; i < d.size(); ++i) info[i + 1] = d[i];
  auto parsed = parse_key_info(info);
  if (const Status* error = std::get_if<Status>(&parsed)) return *error;
  return std::get<ParsedKeyInfo>(parsed).info;
}

// The slot a derived key goes to (see the top of the file), or nullopt.
std::optional<uint8_t> choose_slot(const State& state, std::span<const bool, kSymmetricSlotCount> excluded) {
  for (int pass = 0; pass < 2; ++pass) {
    for (uint8_t s = 0; s < kSymmetricSlotCount; ++s) {
      if (excluded[s] || !state.symmetric_key_control[s].derived) continue;
      const SymmetricKeySlot& key = state.symmetric_keys[s];
      const bool fits = pass == 0 ? !key.present : key.present && key.info.lock == LockIndicator::kUnlocked;
      if (fits) return s;
    }
  }
  return std::nullopt;
}
}  // namespace

Response run_derive_keys(CommandContext& context, std::span<const uint8_t> payload) {
  const State& state = context.state;
  Reader in(payload);
  std::array<bool, kSymmetricSlotCount> excluded{};

  // Input key.
  if (!in.has(1)) return Response::error(Status::kInconsistentCommandData);
  const uint8_t source = in.u8();
  std::span<const uint8_t> ikm;
  bool exportable = true;  // a key that came with the command: the host holds it already
  if (source == kSourceCommand) {
    if (!in.has(3)) return Response::error(Status::kInconsistentCommandData);
    const uint8_t mode = in.u8();
    const size_t length = in.be16();
    if (!in.has(length)) return Response::error(Status::kInconsistentCommandData);
    ikm = in.take(length);
    if (mode != static_cast<uint8_t>(KeyMode::kHkdf)) return Response::error(Status::kWrongModeOfOperation);
    // STSELib documents 16..32 bytes for a command-borne input key (a generic secret's range).
    if (length < kMinGenericSecretLength || length > kMaxGenericSecretLength)
      return Response::error(Status::kValueOutOfRange);
  } else if (source == kSourceSlot) {
    if (!in.has(1)) return Response::error(Status::kInconsistentCommandData);
    const uint8_t slot = in.u8();
    auto key = derive_source(state, slot);
    if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
    const SymmetricKeySlot& k = *std::get<const SymmetricKeySlot*>(key);
    ikm = k.key;
    exportable = k.info.derived_keys_exportable;
    excluded[slot] = true;
  } else {
    return Response::error(Status::kValueOutOfRange);
  }

  // Steps and hash.
  if (!in.has(1 + kSha256Id.size())) return Response::error(Status::kInconsistentCommandData);
  const uint8_t steps = in.u8();
  const std::span<const uint8_t> hash = in.take(kSha256Id.size());
  if (steps == 0 || (steps & ~(kStepExtract | kStepExpand)) != 0) return Response::error(Status::kValueOutOfRange);
  if (!std::equal(hash.begin(), hash.end(), kSha256Id.begin())) return Response::error(Status::kValueOutOfRange);
  const bool extract = (steps & kStepExtract) != 0;
  const bool expand = (steps & kStepExpand) != 0;

  // Salt.
  std::span<const uint8_t> salt;
  if (extract) {
    if (!in.has(1)) return Response::error(Status::kInconsistentCommandData);
    const uint8_t salt_source = in.u8();
    if (salt_source == kSourceCommand) {
      if (!in.has(2)) return Response::error(Status::kInconsistentCommandData);
      const size_t length = in.be16();
      if (!in.has(length)) return Response::error(Status::kInconsistentCommandData);
      salt = in.take(length);
    } else if (salt_source == kSourceSlot) {
      if (!in.has(1)) return Response::error(Status::kInconsistentCommandData);
      const uint8_t slot = in.u8();
      auto key = derive_source(state, slot);
      if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
      salt = std::get<const SymmetricKeySlot*>(key)->key;
      excluded[slot] = true;
    } else {
      return Response::error(Status::kValueOutOfRange);
    }
  } else if (ikm.size() != chip_crypto::kSha256Length) {
    // Expand alone takes the input key as the PRK, which is HashLen bytes (STSELib's documentation).
    return Response::error(source == kSourceSlot ? Status::kWrongKeyType : Status::kValueOutOfRange);
  }

  // Info and output descriptors.
  std::span<const uint8_t> info;
  std::vector<Output> outputs;
  if (expand) {
    if (!in.has(2)) return Response::error(Status::kInconsistentCommandData);
    const size_t info_length = in.be16();
    if (!in.has(info_length)) return Response::error(Status::kInconsistentCommandData);
    info = in.take(info_length);
    while (!in.done()) {
      if (!in.has(2)) return Response::error(Status::kInconsistentCommandData);
      const size_t length = in.be16();
      if (length < 1 || !in.has(length)) return Response::error(Status::kInconsistentCommandData);
      std::span<const uint8_t> d = in.take(length);
      Output out;
      if (d[0] == kDestinationResponse) {
        if (d.size() != kResponseDescriptorLength) return Response::error(Status::kInconsistentCommandData);
        out.length = static_cast<size_t>(d[1] << 8 | d[2]);
        if (out.length == 0) return Response::error(Status::kValueOutOfRange);
      } else if (d[0] == kSourceSlot) {
        auto parsed = parse_description(d.subspan(1));
        if (const Status* error = std::get_if<Status>(&parsed)) return Response::error(*error);
        out.to_slot = true;
        out.info = std::get<SymmetricKeyInfo>(parsed);
        out.length = symmetric_key_length(out.info);
      } else {
        return Response::error(Status::kValueOutOfRange);
      }
      outputs.push_back(out);
    }
    if (outputs.empty()) return Response::error(Status::kInconsistentCommandData);
    if (outputs.size() > kMaxOutputKeys) return Response::error(Status::kValueOutOfRange);
  } else if (!in.done()) {
    return Response::error(Status::kInconsistentCommandData);
  }

  // What the outputs need: OKM room, response room, the right to return keys, slots.
  size_t total = 0, response_length = 0;
  for (const Output& o : outputs) {
    total += o.length;
    response_length += o.to_slot ? 1 : o.length;
    if (!o.to_slot && !exportable) return Response::error(Status::kWrongKeyUsage);
  }
  if (total > chip_crypto::kMaxHkdfOutput) return Response::error(Status::kValueOutOfRange);
  if (response_length > kMaxResponsePayload) return Response::error(Status::kBufferLengthExceeded);
  if (!expand) {
    // Extract alone: the PRK becomes an HKDF key of its own, as exportable as its input.
    Output prk;
    prk.to_slot = true;
    prk.length = chip_crypto::kSha256Length;
    prk.info.type = SymmetricKeyType::kGenericSecret;
    prk.info.mode = KeyMode::kHkdf;
    prk.info.usage = key_usage::kDerive;
    prk.info.derived_keys_exportable = exportable;
    prk.info.generic_secret_length = chip_crypto::kSha256Length;
    outputs.push_back(prk);
  }
  for (Output& o : outputs) {
    if (!o.to_slot) continue;
    const std::optional<uint8_t> slot = choose_slot(state, excluded);
    if (!slot) return Response::error(Status::kBoundaryExceeded);
    o.info.slot = *slot;
    excluded[*slot] = true;
  }

  // Derive, then write and answer.
  std::vector<uint8_t> okm;
  const std::vector<uint8_t> prk =
      extract ? chip_crypto::hkdf_extract_sha256(salt, ikm) : std::vector<uint8_t>(ikm.begin(), ikm.end());
  if (prk.size() != chip_crypto::kSha256Length) return Response::error(Status::kUnexpectedError);
  if (expand) {
    okm = chip_crypto::hkdf_expand_sha256(prk, info, total);
    if (okm.size() != total) return Response::error(Status::kUnexpectedError);
  } else {
    okm = prk;
  }
  std::vector<uint8_t> answer;
  answer.reserve(response_length);
  size_t at = 0;
  for (const Output& o : outputs) {
    std::span<const uint8_t> key = std::span<const uint8_t>(okm).subspan(at, o.length);
    at += o.length;
    if (o.to_slot) {
      store_symmetric_key(context.store, o.info, key);
      answer.push_back(o.info.slot);
    } else {
      for (uint8_t b : key) answer.push_back(b);
    }
  }
  return Response::ok(std::move(answer));
}

}  // namespace kb::sim::stsafe_a120
