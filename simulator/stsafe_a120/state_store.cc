#include "simulator/stsafe_a120/state_store.h"

#include <algorithm>
#include <stdexcept>

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kNvmSize = 0x4000;
constexpr size_t kHostKeyControlOffset = 0x0A0;
constexpr size_t kLifeCycleOffset = 0x0A4;
constexpr size_t kI2cOffset = 0x0A8;
constexpr size_t kRandomCounterOffset = 0x0AC;
constexpr size_t kRandomSeedOffset = 0x0B0;
constexpr size_t kSymmetricControlOffset = 0x0C0;
constexpr size_t kSymmetricControlStride = 4;
constexpr size_t kProductDataOffset = 0x100;
// Data partitions (layout in the header).
constexpr size_t kZoneCountOffset = 0x1000;
constexpr size_t kZoneRecordsOffset = 0x1004;
constexpr size_t kZoneRecordSize = 12;
constexpr size_t kZoneRecordAccess = 4;
constexpr size_t kZoneRecordCounter = 8;
constexpr size_t kJournalOffset = 0x1200;
constexpr size_t kJournalRange = kJournalOffset + 4;  // offset (2) | length (2)
constexpr size_t kJournalCounter = kJournalOffset + 8;
constexpr size_t kJournalData = kJournalOffset + 12;
constexpr size_t kJournalRoom = 752;  // the atomicity buffer size the product data reports
constexpr size_t kZoneDataOffset = 0x1500;
constexpr uint8_t kJournalHasData = 0x01;
constexpr uint8_t kJournalHasCounter = 0x02;
constexpr uint8_t kJournalHasAccess = 0x04;
static_assert(kZoneRecordsOffset + kMaxDataPartitions * kZoneRecordSize <= kJournalOffset);
static_assert(kJournalData + kJournalRoom <= kZoneDataOffset);
static_assert(kZoneDataOffset + kDataPartitionCapacity == kNvmSize);

// Fields every bank shares, relative to the bank start.
constexpr size_t kCommitWord = 0;
constexpr size_t kBody = 4;
constexpr uint8_t kCommitMarker = 0x5A;

// Host key bank fields.
constexpr size_t kHostKeyCounter = 4;
constexpr size_t kHostMacKey = 8;
constexpr size_t kHostCipherKey = 40;
// Symmetric key bank fields.
constexpr size_t kSymmetricCounter = 4;
constexpr size_t kSymmetricInfo = 8;
constexpr size_t kSymmetricInfoRoom = 8;
constexpr size_t kSymmetricKey = 16;
// Command access bank fields.
constexpr size_t kAccessEntries = 4;

bool host_key_bank_valid(std::span<const uint8_t> bank) {
  return bank[2] <= 1 && bank[3] <= 1;
}
bool presence_bank_valid(std::span<const uint8_t> bank) {
  return bank[2] <= 1;
}
bool any_bank_valid(std::span<const uint8_t> /*bank*/) {
  return true;
}

constexpr StateStore::Banks kHostKeyBanks{0x000, 0x50, host_key_bank_valid};
constexpr StateStore::Banks kCommandAccessBanks{0x200, 0x40, any_bank_valid};
constexpr size_t kSymmetricKeyBanksOffset = 0x280;
constexpr size_t kSymmetricKeyBankSize = 0x30;
// Private key banks and the table header (layout in the header).
constexpr size_t kPrivateKeyBanksOffset = 0x880;
constexpr size_t kPrivateKeyBankSize = 0x50;
constexpr size_t kPrivateKeyLimitAndMode = 4;
constexpr size_t kPrivateKeyUsesLeft = 8;
constexpr size_t kPrivateKeyValue = 12;
constexpr size_t kPrivateKeyTableOffset = kPrivateKeyBanksOffset + 2 * kPrivateKeySlotCount * kPrivateKeyBankSize;
// Local envelope key banks and the password (layout in the header).
constexpr size_t kEnvelopeKeyBanksOffset = 0xF00;
constexpr size_t kEnvelopeKeyBankSize = 0x28;
constexpr size_t kPasswordWordOffset = 0xFC0;
constexpr size_t kPasswordOffset = 0xFC4;
static_assert(kPrivateKeyTableOffset + 4 <= kEnvelopeKeyBanksOffset);
static_assert(kEnvelopeKeyBanksOffset + 2 * kLocalEnvelopeSlotCount * kEnvelopeKeyBankSize <= kPasswordWordOffset);
static_assert(kPasswordOffset + kPasswordLength <= kZoneCountOffset);

bool envelope_key_bank_valid(std::span<const uint8_t> bank) {
  return bank[2] <= 1 && bank[3] <= 1;
}

StateStore::Banks envelope_key_banks(size_t slot) {
  return {kEnvelopeKeyBanksOffset + 2 * slot * kEnvelopeKeyBankSize, kEnvelopeKeyBankSize, envelope_key_bank_valid};
}

std::vector<uint8_t> envelope_key_body(const LocalEnvelopeKey& key) {
  std::vector<uint8_t> body(kEnvelopeKeyBankSize - 4, 0x00);
  if (key.present) std::copy(key.key.begin(), key.key.end(), body.begin());
  return body;
}

LocalEnvelopeKey decode_envelope_key(std::span<const uint8_t> b) {
  LocalEnvelopeKey k;
  if (b[2] != 1) return k;
  k.present = true;
  k.type = static_cast<LocalEnvelopeKeyType>(b[3]);  // envelope_key_bank_valid checked it
  const auto n = static_cast<std::ptrdiff_t>(local_envelope_key_length(k.type));
  k.key.assign(b.begin() + 4, b.begin() + 4 + n);
  return k;
}

std::array<uint8_t, 4> password_word(bool present, uint8_t tries_left, uint8_t max_tries) {
  return {static_cast<uint8_t>(present ? 1 : 0), tries_left, max_tries, 0x00};
}

PasswordSlot decode_password(std::span<const uint8_t> all) {
  PasswordSlot p;
  const uint8_t max_tries = all[kPasswordWordOffset + 2];
  const uint8_t tries_left = all[kPasswordWordOffset + 1];
  // Only checked values are ever programmed; anything else means the NVM was edited by hand, and
  // an unreadable password is no password.
  if (all[kPasswordWordOffset] != 1 || max_tries == 0 || tries_left > max_tries) return p;
  p.present = true;
  p.max_tries = max_tries;
  p.tries_left = tries_left;
  std::copy_n(all.begin() + kPasswordOffset, kPasswordLength, p.value.begin());
  return p;
}

// Generic public key flags and banks (layout in the header).
constexpr size_t kPublicKeyFlagsOffset = 0xC00;
constexpr size_t kPublicKeyFlagsStride = 4;
constexpr size_t kPublicKeyBanksOffset = 0xC10;
constexpr size_t kPublicKeyBankSize = 0x48;
static_assert(kPrivateKeyTableOffset + 4 <= kPublicKeyFlagsOffset);
static_assert(kPublicKeyFlagsOffset + kPublicKeySlotCount * kPublicKeyFlagsStride <= kPublicKeyBanksOffset);
static_assert(kPublicKeyBanksOffset + 2 * kPublicKeySlotCount * kPublicKeyBankSize <= kEnvelopeKeyBanksOffset);

bool private_key_bank_valid(std::span<const uint8_t> bank) {
  return bank[2] <= 1 && bank[3] < crypto::ec::kCurveCount;
}

StateStore::Banks private_key_banks(size_t slot) {
  return {kPrivateKeyBanksOffset + 2 * slot * kPrivateKeyBankSize, kPrivateKeyBankSize, private_key_bank_valid};
}

StateStore::Banks public_key_banks(size_t slot) {
  // Same commit-word checks as the private keys: presence 0 or 1, a known curve.
  return {kPublicKeyBanksOffset + 2 * slot * kPublicKeyBankSize, kPublicKeyBankSize, private_key_bank_valid};
}

StateStore::Banks symmetric_key_banks(size_t slot) {
  return {kSymmetricKeyBanksOffset + 2 * slot * kSymmetricKeyBankSize, kSymmetricKeyBankSize, presence_bank_valid};
}

void put_be(std::span<uint8_t> out, size_t at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) out[at + i] = static_cast<uint8_t>(value >> (8 * (width - 1 - i)));
}

uint64_t get_be(std::span<const uint8_t> in, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = v << 8 | in[at + i];
  return v;
}

std::array<uint8_t, 4> be32(uint32_t value) {
  std::array<uint8_t, 4> out{};
  put_be(out, 0, value, 4);
  return out;
}

// Bank bodies: everything after the commit word.
std::vector<uint8_t> host_key_body(const HostKeySlot& slot) {
  std::vector<uint8_t> body(kHostKeyBanks.size - kBody, 0x00);
  put_be(body, kHostKeyCounter - kBody, slot.cmac_counter, 4);
  if (slot.present) {
    std::copy(slot.mac_key.begin(), slot.mac_key.end(), body.begin() + (kHostMacKey - kBody));
    std::copy(slot.cipher_key.begin(), slot.cipher_key.end(), body.begin() + (kHostCipherKey - kBody));
  }
  return body;
}

std::vector<uint8_t> symmetric_key_body(const SymmetricKeySlot& slot) {
  std::vector<uint8_t> body(kSymmetricKeyBankSize - kBody, 0x00);
  put_be(body, kSymmetricCounter - kBody, slot.counter, 4);
  if (slot.present) {
    const std::vector<uint8_t> info = slot.info.encode();
    std::copy(info.begin(), info.end(), body.begin() + (kSymmetricInfo - kBody));
    std::copy(slot.key.begin(), slot.key.end(), body.begin() + (kSymmetricKey - kBody));
  }
  return body;
}

std::vector<uint8_t> private_key_body(const PrivateKeySlot& slot) {
  std::vector<uint8_t> body(kPrivateKeyBankSize - kBody, 0x00);
  const std::array<uint8_t, 2> mode = slot.mode.encode();
  put_be(body, kPrivateKeyLimitAndMode - kBody, slot.usage_limit, 2);
  body[kPrivateKeyLimitAndMode - kBody + 2] = mode[0];
  body[kPrivateKeyLimitAndMode - kBody + 3] = mode[1];
  put_be(body, kPrivateKeyUsesLeft - kBody, slot.uses_left, 2);
  if (slot.present)
    std::copy(slot.private_key.begin(), slot.private_key.end(), body.begin() + (kPrivateKeyValue - kBody));
  return body;
}

// A present Weierstrass key is kept compressed: 02 / 03 (the parity of Y) | X.
std::vector<uint8_t> public_key_body(const PublicKeySlot& slot) {
  std::vector<uint8_t> body(kPublicKeyBankSize - kBody, 0x00);
  if (!slot.present) return body;
  if (crypto::ec::is_weierstrass(slot.curve)) {
    const size_t n = crypto::ec::key_length(slot.curve);
    body[0] = static_cast<uint8_t>(0x02 | (slot.public_key.back() & 0x01));
    for (size_t i = 0; i < n; ++i) body[1 + i] = slot.public_key[i];
  } else {
    std::copy(slot.public_key.begin(), slot.public_key.end(), body.begin());
  }
  return body;
}

uint8_t public_key_curve_byte(const PublicKeySlot& slot) {
  return slot.present ? static_cast<uint8_t>(slot.curve) : 0;
}

uint8_t private_key_curve_byte(const PrivateKeySlot& slot) {
  return slot.present ? static_cast<uint8_t>(slot.curve) : 0;
}

uint8_t access_entry(const CommandAuthorization& r) {
  return static_cast<uint8_t>(static_cast<uint8_t>(r.access) | r.encryption_flags << 4);
}

std::vector<uint8_t> command_access_body(const CommandAccessTable& table) {
  std::vector<uint8_t> body(kCommandAccessBanks.size - kBody, 0x00);
  for (size_t i = 0; i < table.records.size(); ++i) body[kAccessEntries - kBody + i] = access_entry(table.records[i]);
  return body;
}

// Places a bank's commit word and body at bank 0 of an image being built; bank 1 is left erased.
void place_bank0(std::vector<uint8_t>& image, const StateStore::Banks& banks, uint8_t commit2, uint8_t commit3,
                 std::span<const uint8_t> body) {
  const std::array<uint8_t, 4> commit{kCommitMarker, 0, commit2, commit3};
  std::copy(commit.begin(), commit.end(), image.begin() + static_cast<std::ptrdiff_t>(banks.first));
  std::copy(body.begin(), body.end(), image.begin() + static_cast<std::ptrdiff_t>(banks.first + kBody));
  std::fill_n(image.begin() + static_cast<std::ptrdiff_t>(banks.first + banks.size), banks.size, uint8_t{0xFF});
}

// Generations are compared modulo 256, like sequence numbers.
bool newer(uint8_t a, uint8_t b) {
  const uint8_t d = static_cast<uint8_t>(a - b);
  return d != 0 && d < 0x80;
}

HostKeySlot decode_host_key(std::span<const uint8_t> b) {
  HostKeySlot k;
  k.present = b[2] == 1;
  k.type = static_cast<HostKeyType>(b[3]);
  k.cmac_counter = static_cast<uint32_t>(get_be(b, kHostKeyCounter, 4));
  if (k.present) {
    const auto n = static_cast<std::ptrdiff_t>(host_key_length(k.type));
    k.mac_key.assign(b.begin() + kHostMacKey, b.begin() + kHostMacKey + n);
    k.cipher_key.assign(b.begin() + kHostCipherKey, b.begin() + kHostCipherKey + n);
  }
  return k;
}

SymmetricKeySlot decode_symmetric_key(std::span<const uint8_t> b, size_t slot) {
  SymmetricKeySlot k;
  if (b[2] != 1) return k;
  // Only validated key info is ever programmed; anything else means the NVM was edited by hand,
  // and an unreadable key is no key.
  const auto parsed = parse_key_info(b.subspan(kSymmetricInfo, kSymmetricInfoRoom));
  const ParsedKeyInfo* info = std::get_if<ParsedKeyInfo>(&parsed);
  if (info == nullptr || info->info.slot != slot) return k;
  k.present = true;
  k.info = info->info;
  k.counter = static_cast<uint32_t>(get_be(b, kSymmetricCounter, 4));
  const auto n = static_cast<std::ptrdiff_t>(symmetric_key_length(k.info));
  k.key.assign(b.begin() + kSymmetricKey, b.begin() + kSymmetricKey + n);
  return k;
}

PrivateKeySlot decode_private_key(std::span<const uint8_t> b) {
  PrivateKeySlot k;
  k.mode = PrivateKeyMode::decode(b.subspan(kPrivateKeyLimitAndMode + 2).first<2>());
  k.usage_limit = static_cast<uint16_t>(get_be(b, kPrivateKeyLimitAndMode, 2));
  k.uses_left = static_cast<uint16_t>(get_be(b, kPrivateKeyUsesLeft, 2));
  if (b[2] != 1) return k;
  PrivateKeySlot present = k;
  present.present = true;
  present.curve = *crypto::ec::curve_from_index(b[3]);  // private_key_bank_valid checked the index
  const auto n = static_cast<std::ptrdiff_t>(crypto::ec::key_length(present.curve));
  present.private_key.assign(b.begin() + kPrivateKeyValue, b.begin() + kPrivateKeyValue + n);
  // Only checked keys are ever programmed; anything else means the NVM was edited by hand, and
  // an unusable key is no key.
  if (!private_key_slot_problem(present).empty()) return k;
  return present;
}

// The key part of a public key slot; the flags come from their own word.
PublicKeySlot decode_public_key(std::span<const uint8_t> b, const PublicKeyFlags& flags) {
  PublicKeySlot k;
  k.flags = flags;
  if (b[2] != 1) return k;
  PublicKeySlot present = k;
  present.present = true;
  present.curve = *crypto::ec::curve_from_index(b[3]);  // private_key_bank_valid checked the index
  const std::span<const uint8_t> body = b.subspan(kBody);
  if (crypto::ec::is_weierstrass(present.curve)) {
    if (body[0] != 0x02 && body[0] != 0x03) return k;
    const auto xy = crypto::ec::decompress_point(present.curve, body.subspan(1, crypto::ec::key_length(present.curve)),
                                                 body[0] == 0x03);
    if (!xy) return k;
    present.public_key = *xy;
  } else {
    present.public_key.assign(body.begin(),
                              body.begin() + static_cast<std::ptrdiff_t>(crypto::ec::public_key_length(present.curve)));
  }
  // Only checked keys are ever programmed; anything else means the NVM was edited by hand.
  if (!public_key_slot_problem(present).empty()) return k;
  return present;
}

// Where a zone lives, as the NVM's zone records say.
struct ZonePlace {
  size_t record = 0;  // offset of its 12-byte record
  size_t data = 0;    // offset of its first byte
  size_t length = 0;
};

// The zone places, or nullopt when the records are not a table the model could have written
// (only validated tables are ever programmed; anything else means the NVM was edited by hand).
std::optional<std::vector<ZonePlace>> zone_places(std::span<const uint8_t> all) {
  const size_t count = all[kZoneCountOffset];
  if (count > kMaxDataPartitions) return std::nullopt;
  std::vector<ZonePlace> places;
  size_t data = kZoneDataOffset;
  for (size_t i = 0; i < count; ++i) {
    const size_t record = kZoneRecordsOffset + i * kZoneRecordSize;
    if (all[record + 1] > static_cast<uint8_t>(ZoneType::kCounter)) return std::nullopt;
    const size_t length = get_be(all, record + 2, 2);
    if (data + zone_footprint(length) > kNvmSize) return std::nullopt;
    places.push_back({record, data, length});
    data += zone_footprint(length);
  }
  return places;
}

// A committed journal entry (layout in the header).
struct ZoneJournal {
  size_t position = 0;
  uint8_t what = 0;
  uint8_t access = 0;
  size_t offset = 0;
  std::span<const uint8_t> data;
  uint32_t counter = 0;
};

std::optional<ZoneJournal> committed_journal(std::span<const uint8_t> all, const std::vector<ZonePlace>& places) {
  if (all[kJournalOffset] != kCommitMarker) return std::nullopt;
  ZoneJournal j;
  j.position = all[kJournalOffset + 1];
  j.what = all[kJournalOffset + 2];
  j.access = all[kJournalOffset + 3];
  j.offset = get_be(all, kJournalRange, 2);
  const size_t length = get_be(all, kJournalRange + 2, 2);
  j.counter = static_cast<uint32_t>(get_be(all, kJournalCounter, 4));
  if (j.position >= places.size() || length > kJournalRoom || j.offset + length > places[j.position].length) {
    return std::nullopt;
  }
  j.data = all.subspan(kJournalData, length);
  return j;
}

std::vector<DataPartition> decode_data_partitions(std::span<const uint8_t> all) {
  const auto places = zone_places(all);
  if (!places) return {};
  std::vector<DataPartition> zones;
  for (const ZonePlace& p : *places) {
    DataPartition z;
    z.index = all[p.record];
    z.type = static_cast<ZoneType>(all[p.record + 1]);
    if (!z.set_access_byte(all[p.record + kZoneRecordAccess])) return {};
    if (z.type == ZoneType::kCounter) z.counter = static_cast<uint32_t>(get_be(all, p.record + kZoneRecordCounter, 4));
    z.data.assign(all.begin() + static_cast<std::ptrdiff_t>(p.data),
                  all.begin() + static_cast<std::ptrdiff_t>(p.data + p.length));
    zones.push_back(std::move(z));
  }
  // A journal that reached its commit word is the zone's content, whatever of it reached the zone.
  if (const auto j = committed_journal(all, *places)) {
    DataPartition& z = zones[j->position];
    if ((j->what & kJournalHasData) != 0) {
      std::copy(j->data.begin(), j->data.end(), z.data.begin() + static_cast<std::ptrdiff_t>(j->offset));
    }
    if ((j->what & kJournalHasCounter) != 0 && z.type == ZoneType::kCounter) z.counter = j->counter;
    if ((j->what & kJournalHasAccess) != 0) z.set_access_byte(j->access);
  }
  if (!data_partitions_problem(zones).empty()) return {};
  return zones;
}

CommandAccessTable decode_command_access(std::span<const uint8_t> b) {
  CommandAccessTable t;
  t.change_rights = b[2];
  for (size_t i = 0; i < t.records.size(); ++i) {
    const uint8_t entry = b[kAccessEntries + i];
    t.records[i].access = static_cast<AccessCondition>(entry & 0x03);
    t.records[i].encryption_flags = (entry >> 4) & 0x03;
  }
  return t;
}
}  // namespace

NvmGeometry stsafe_nvm_geometry() {
  NvmGeometry g;
  g.size = kNvmSize;
  g.page_size = 64;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = false;
  // The command execution times of fact sheet section 5 already include the chip's NVM writes.
  g.program_word_ns = 0;
  g.erase_page_ns = 0;
  return g;
}

namespace {
std::string bank_part(const StateStore::Banks& banks, size_t offset) {
  const size_t into = offset - banks.first;
  std::string name = into < banks.size ? "bank A" : "bank B";
  if (into % banks.size < kBody) name += " commit word";
  return name;
}
bool in_banks(const StateStore::Banks& banks, size_t offset) {
  return offset >= banks.first && offset < banks.first + 2 * banks.size;
}
}  // namespace

std::string nvm_record_name(size_t offset) {
  if (in_banks(kHostKeyBanks, offset)) return "host key " + bank_part(kHostKeyBanks, offset);
  if (in_banks(kCommandAccessBanks, offset)) return "command access table " + bank_part(kCommandAccessBanks, offset);
  for (size_t slot = 0; slot < kSymmetricSlotCount; ++slot) {
    const StateStore::Banks banks = symmetric_key_banks(slot);
    if (in_banks(banks, offset)) return "symmetric key slot " + std::to_string(slot) + " " + bank_part(banks, offset);
  }
  for (size_t slot = 0; slot < kPrivateKeySlotCount; ++slot) {
    const StateStore::Banks banks = private_key_banks(slot);
    if (in_banks(banks, offset)) return "private key slot " + std::to_string(slot) + " " + bank_part(banks, offset);
  }
  if (offset >= kPrivateKeyTableOffset && offset < kPrivateKeyTableOffset + 4) return "private key table header";
  for (size_t slot = 0; slot < kPublicKeySlotCount; ++slot) {
    const StateStore::Banks banks = public_key_banks(slot);
    if (in_banks(banks, offset)) return "public key slot " + std::to_string(slot) + " " + bank_part(banks, offset);
  }
  if (offset >= kPublicKeyFlagsOffset && offset < kPublicKeyFlagsOffset + kPublicKeySlotCount * kPublicKeyFlagsStride) {
    return "public key slot " + std::to_string((offset - kPublicKeyFlagsOffset) / kPublicKeyFlagsStride) + " flags";
  }
  for (size_t slot = 0; slot < kLocalEnvelopeSlotCount; ++slot) {
    const StateStore::Banks banks = envelope_key_banks(slot);
    if (in_banks(banks, offset)) {
      return "local envelope key slot " + std::to_string(slot) + " " + bank_part(banks, offset);
    }
  }
  if (offset >= kPasswordWordOffset && offset < kPasswordOffset) return "password word";
  if (offset >= kPasswordOffset && offset < kPasswordOffset + kPasswordLength) return "password";
  if (offset >= kHostKeyControlOffset && offset < kHostKeyControlOffset + 4) return "host key control fields";
  if (offset >= kLifeCycleOffset && offset < kLifeCycleOffset + 4) return "life cycle";
  if (offset >= kI2cOffset && offset < kI2cOffset + 4) return "I2C parameters";
  if (offset >= kRandomCounterOffset && offset < kRandomCounterOffset + 4) return "random counter";
  if (offset >= kRandomSeedOffset && offset < kRandomSeedOffset + 8) return "random seed";
  if (offset >= kSymmetricControlOffset &&
      offset < kSymmetricControlOffset + kSymmetricSlotCount * kSymmetricControlStride) {
    return "symmetric slot " + std::to_string((offset - kSymmetricControlOffset) / kSymmetricControlStride) +
           " control";
  }
  if (offset >= kProductDataOffset && offset < kProductDataOffset + 2 + kMaxProductDataLength) return "product data";
  if (offset >= kZoneCountOffset && offset < kZoneRecordsOffset) return "data partition table";
  if (offset >= kZoneRecordsOffset && offset < kZoneRecordsOffset + kMaxDataPartitions * kZoneRecordSize) {
    return "data partition zone record " + std::to_string((offset - kZoneRecordsOffset) / kZoneRecordSize);
  }
  if (offset >= kJournalOffset && offset < kJournalRange) return "data partition journal commit word";
  if (offset >= kJournalRange && offset < kJournalData + kJournalRoom) return "data partition journal";
  if (offset >= kZoneDataOffset && offset < kNvmSize) return "data partition zones";
  return "unused";
}

void StateStore::program(size_t offset, std::span<const uint8_t> bytes) {
  if (!nvm_.program(offset, bytes)) throw NvmWriteTorn();
}

std::optional<size_t> StateStore::active_bank(const Banks& banks) const {
  std::span<const uint8_t> all = nvm_.bytes();
  const size_t o0 = banks.first, o1 = banks.first + banks.size;
  std::span<const uint8_t> b0 = all.subspan(o0, banks.size);
  std::span<const uint8_t> b1 = all.subspan(o1, banks.size);
  const bool v0 = b0[0] == kCommitMarker && banks.valid(b0);
  const bool v1 = b1[0] == kCommitMarker && banks.valid(b1);
  if (v0 && v1) return newer(b1[1], b0[1]) ? o1 : o0;
  if (v0) return o0;
  if (v1) return o1;
  return std::nullopt;
}

void StateStore::write_banked(const Banks& banks, uint8_t commit2, uint8_t commit3, std::span<const uint8_t> body) {
  // Never write over the record in use (see the layout comment in the header).
  const std::optional<size_t> active = active_bank(banks);
  const size_t target = active == banks.first ? banks.first + banks.size : banks.first;
  const uint8_t generation = active ? static_cast<uint8_t>(nvm_.byte(*active + 1) + 1) : 0;
  program(target + kBody, body);
  const std::array<uint8_t, 4> commit{kCommitMarker, generation, commit2, commit3};
  program(target + kCommitWord, commit);
}

State StateStore::read() const {
  std::span<const uint8_t> all = nvm_.bytes();
  State s;

  if (auto bank = active_bank(kHostKeyBanks)) s.host_key = decode_host_key(all.subspan(*bank, kHostKeyBanks.size));
  if (auto bank = active_bank(kCommandAccessBanks)) {
    s.command_access = decode_command_access(all.subspan(*bank, kCommandAccessBanks.size));
  }
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    const Banks banks = symmetric_key_banks(i);
    if (auto bank = active_bank(banks)) s.symmetric_keys[i] = decode_symmetric_key(all.subspan(*bank, banks.size), i);
  }
  for (size_t i = 0; i < kPrivateKeySlotCount; ++i) {
    const Banks banks = private_key_banks(i);
    if (auto bank = active_bank(banks)) s.private_keys.slots[i] = decode_private_key(all.subspan(*bank, banks.size));
  }
  for (size_t i = 0; i < kPublicKeySlotCount; ++i) {
    const PublicKeyFlags flags =
        PublicKeyFlags::decode(all.subspan(kPublicKeyFlagsOffset + i * kPublicKeyFlagsStride).first<2>());
    const Banks banks = public_key_banks(i);
    if (auto bank = active_bank(banks)) {
      s.public_keys[i] = decode_public_key(all.subspan(*bank, banks.size), flags);
    } else {
      s.public_keys[i].flags = flags;
    }
  }
  s.private_keys.change_right = all[kPrivateKeyTableOffset] == 1;
  s.private_keys.global_usage_limit = static_cast<uint16_t>(get_be(all, kPrivateKeyTableOffset + 2, 2));
  for (size_t i = 0; i < kLocalEnvelopeSlotCount; ++i) {
    const Banks banks = envelope_key_banks(i);
    if (auto bank = active_bank(banks)) s.local_envelope_keys[i] = decode_envelope_key(all.subspan(*bank, banks.size));
  }
  s.password = decode_password(all);

  s.host_key_control = HostKeyControl::decode(all.subspan<kHostKeyControlOffset, 2>());
  // Only validated values are ever programmed; anything else means the NVM was edited by hand.
  // Keep the chip usable rather than crash: an unknown life cycle reads as terminated.
  s.life_cycle = life_cycle_from_byte(all[kLifeCycleOffset]).value_or(LifeCycle::kTerminated);
  s.i2c = I2cParameters::decode(all.subspan<kI2cOffset, 2>()).value_or(I2cParameters{});
  s.random_counter = static_cast<uint32_t>(get_be(all, kRandomCounterOffset, 4));
  s.random_seed = get_be(all, kRandomSeedOffset, 8);
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    s.symmetric_key_control[i] =
        SymmetricSlotControl::decode(all.subspan(kSymmetricControlOffset + i * kSymmetricControlStride).first<3>());
  }
  const size_t length = std::min<size_t>(get_be(all, kProductDataOffset, 2), kMaxProductDataLength);
  s.product_data.assign(all.begin() + kProductDataOffset + 2,
                        all.begin() + static_cast<std::ptrdiff_t>(kProductDataOffset + 2 + length));
  s.data_partitions = decode_data_partitions(all);
  return s;
}

void StateStore::write_all(const State& s) {
  // The decoder would drop a table it cannot read back: refuse one here instead.
  if (const std::string_view problem = data_partitions_problem(s.data_partitions); !problem.empty()) {
    throw std::invalid_argument("data partitions: " + std::string(problem));
  }
  std::vector<uint8_t> image(kNvmSize, 0x00);
  place_bank0(image, kHostKeyBanks, s.host_key.present ? 1 : 0, static_cast<uint8_t>(s.host_key.type),
              host_key_body(s.host_key));
  place_bank0(image, kCommandAccessBanks, s.command_access.change_rights, 0, command_access_body(s.command_access));
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    const SymmetricKeySlot& k = s.symmetric_keys[i];
    place_bank0(image, symmetric_key_banks(i), k.present ? 1 : 0, 0, symmetric_key_body(k));
  }
  for (size_t i = 0; i < kPrivateKeySlotCount; ++i) {
    const PrivateKeySlot& k = s.private_keys.slots[i];
    place_bank0(image, private_key_banks(i), k.present ? 1 : 0, private_key_curve_byte(k), private_key_body(k));
  }
  for (size_t i = 0; i < kPublicKeySlotCount; ++i) {
    const PublicKeySlot& k = s.public_keys[i];
    if (const std::string_view problem = public_key_slot_problem(k); !problem.empty()) {
      throw std::invalid_argument("public key slot " + std::to_string(i) + ": " + std::string(problem));
    }
    place_bank0(image, public_key_banks(i), k.present ? 1 : 0, public_key_curve_byte(k), public_key_body(k));
    const auto flags = k.flags.encode();
    std::copy(flags.begin(), flags.end(),
              image.begin() + static_cast<std::ptrdiff_t>(kPublicKeyFlagsOffset + i * kPublicKeyFlagsStride));
  }
  image[kPrivateKeyTableOffset] = s.private_keys.change_right ? 1 : 0;
  put_be(image, kPrivateKeyTableOffset + 2, s.private_keys.global_usage_limit, 2);
  for (size_t i = 0; i < kLocalEnvelopeSlotCount; ++i) {
    const LocalEnvelopeKey& k = s.local_envelope_keys[i];
    place_bank0(image, envelope_key_banks(i), k.present ? 1 : 0, k.present ? static_cast<uint8_t>(k.type) : 0,
                envelope_key_body(k));
  }
  {
    const PasswordSlot& p = s.password;
    const auto word = p.present ? password_word(true, p.tries_left, p.max_tries) : password_word(false, 0, 0);
    std::copy(word.begin(), word.end(), image.begin() + kPasswordWordOffset);
    if (p.present) std::copy(p.value.begin(), p.value.end(), image.begin() + kPasswordOffset);
  }

  const auto control = s.host_key_control.encode();
  std::copy(control.begin(), control.end(), image.begin() + kHostKeyControlOffset);
  image[kLifeCycleOffset] = static_cast<uint8_t>(s.life_cycle);
  const auto i2c = s.i2c.encode();
  std::copy(i2c.begin(), i2c.end(), image.begin() + kI2cOffset);
  put_be(image, kRandomCounterOffset, s.random_counter, 4);
  put_be(image, kRandomSeedOffset, s.random_seed, 8);
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    const auto c = s.symmetric_key_control[i].encode();
    std::copy(c.begin(), c.end(),
              image.begin() + static_cast<std::ptrdiff_t>(kSymmetricControlOffset + i * kSymmetricControlStride));
  }
  put_be(image, kProductDataOffset, s.product_data.size(), 2);
  std::copy(s.product_data.begin(), s.product_data.end(), image.begin() + kProductDataOffset + 2);
  image[kZoneCountOffset] = static_cast<uint8_t>(s.data_partitions.size());
  size_t data = kZoneDataOffset;
  for (size_t i = 0; i < s.data_partitions.size(); ++i) {
    const DataPartition& z = s.data_partitions[i];
    const size_t record = kZoneRecordsOffset + i * kZoneRecordSize;
    image[record] = z.index;
    image[record + 1] = static_cast<uint8_t>(z.type);
    put_be(image, record + 2, z.data.size(), 2);
    image[record + kZoneRecordAccess] = z.access_byte();
    put_be(image, record + kZoneRecordCounter, z.counter, 4);
    std::copy(z.data.begin(), z.data.end(), image.begin() + static_cast<std::ptrdiff_t>(data));
    data += zone_footprint(z.data.size());
  }
  std::fill_n(image.begin() + kJournalOffset, 4, uint8_t{0xFF});  // no journal entry
  program(0, image);
}

void StateStore::write_host_key(const HostKeySlot& slot) {
  write_banked(kHostKeyBanks, slot.present ? 1 : 0, static_cast<uint8_t>(slot.type), host_key_body(slot));
}

void StateStore::write_host_key_counter(uint32_t counter) {
  // write_all always leaves a record in use, so there is one to update.
  if (auto bank = active_bank(kHostKeyBanks)) program(*bank + kHostKeyCounter, be32(counter));
}

void StateStore::write_symmetric_key(size_t slot, const SymmetricKeySlot& key) {
  write_banked(symmetric_key_banks(slot), key.present ? 1 : 0, 0, symmetric_key_body(key));
}

void StateStore::write_symmetric_key_counter(size_t slot, uint32_t counter) {
  if (auto bank = active_bank(symmetric_key_banks(slot))) program(*bank + kSymmetricCounter, be32(counter));
}

void StateStore::write_private_key(size_t slot, const PrivateKeySlot& key) {
  write_banked(private_key_banks(slot), key.present ? 1 : 0, private_key_curve_byte(key), private_key_body(key));
}

void StateStore::write_private_key_uses(size_t slot, uint16_t uses_left) {
  const std::array<uint8_t, 4> word{static_cast<uint8_t>(uses_left >> 8), static_cast<uint8_t>(uses_left), 0, 0};
  if (auto bank = active_bank(private_key_banks(slot))) program(*bank + kPrivateKeyUsesLeft, word);
}

void StateStore::write_public_key(size_t slot, const PublicKeySlot& key) {
  write_banked(public_key_banks(slot), key.present ? 1 : 0, public_key_curve_byte(key), public_key_body(key));
}

void StateStore::write_public_key_flags(size_t slot, const PublicKeyFlags& flags) {
  const std::array<uint8_t, 2> f = flags.encode();
  const std::array<uint8_t, 4> word{f[0], f[1], 0, 0};
  program(kPublicKeyFlagsOffset + slot * kPublicKeyFlagsStride, word);
}

void StateStore::write_local_envelope_key(size_t slot, const LocalEnvelopeKey& key) {
  write_banked(envelope_key_banks(slot), key.present ? 1 : 0, key.present ? static_cast<uint8_t>(key.type) : 0,
               envelope_key_body(key));
}

void StateStore::write_password_tries(uint8_t tries_left) {
  const uint8_t max_tries = nvm_.byte(kPasswordWordOffset + 2);
  program(kPasswordWordOffset, password_word(true, tries_left, max_tries));
}

void StateStore::delete_password() {
  // Presence first: from that word on there is no password, whatever the wipe after it reaches.
  program(kPasswordWordOffset, password_word(false, 0, 0));
  const std::array<uint8_t, kPasswordLength> zeros{};
  program(kPasswordOffset, zeros);
}

void StateStore::write_command_access(const CommandAccessTable& table) {
  write_banked(kCommandAccessBanks, table.change_rights, 0, command_access_body(table));
}

void StateStore::write_host_key_control(const HostKeyControl& control) {
  program(kHostKeyControlOffset, control.encode());
}

void StateStore::write_symmetric_slot_control(size_t slot, const SymmetricSlotControl& control) {
  program(kSymmetricControlOffset + slot * kSymmetricControlStride, control.encode());
}

void StateStore::write_life_cycle(LifeCycle lcs) {
  const uint8_t b = static_cast<uint8_t>(lcs);
  program(kLifeCycleOffset, std::span<const uint8_t>(&b, 1));
}

void StateStore::write_i2c_parameters(const I2cParameters& params) {
  program(kI2cOffset, params.encode());
}

void StateStore::write_random_counter(uint32_t counter) {
  program(kRandomCounterOffset, be32(counter));
}

namespace {
constexpr std::array<uint8_t, 4> kNoJournal{0xFF, 0xFF, 0xFF, 0xFF};

std::array<uint8_t, 4> access_word(uint8_t access_byte) {
  return {access_byte, 0x00, 0x00, 0x00};
}
}  // namespace

void StateStore::settle_zone_journal() {
  std::span<const uint8_t> all = nvm_.bytes();
  if (all[kJournalOffset] == kNoJournal[0]) return;
  const auto places = zone_places(all);
  if (places) {
    if (const auto j = committed_journal(all, *places)) {
      const ZonePlace& p = (*places)[j->position];
      // Copies first: programming changes the bytes the journal view points at only outside the
      // journal, but the copies keep this independent of that.
      const std::vector<uint8_t> bytes(j->data.begin(), j->data.end());
      const ZoneJournal entry = *j;
      if ((entry.what & kJournalHasData) != 0 && !bytes.empty()) program(p.data + entry.offset, bytes);
      if ((entry.what & kJournalHasCounter) != 0) program(p.record + kZoneRecordCounter, be32(entry.counter));
      if ((entry.what & kJournalHasAccess) != 0) program(p.record + kZoneRecordAccess, access_word(entry.access));
    }
  }
  program(kJournalOffset, kNoJournal);
}

void StateStore::write_zone_access(size_t position, uint8_t access_byte) {
  settle_zone_journal();
  program(kZoneRecordsOffset + position * kZoneRecordSize + kZoneRecordAccess, access_word(access_byte));
}

void StateStore::write_zone_atomic(size_t position, size_t offset, std::span<const uint8_t> data,
                                   std::optional<uint32_t> counter, std::optional<uint8_t> access_byte) {
  settle_zone_journal();
  const auto places = zone_places(nvm_.bytes());
  if (!places || position >= places->size() || data.size() > kJournalRoom ||
      offset + data.size() > (*places)[position].length) {
    throw std::logic_error("zone write outside the zone");  // handlers check bounds first
  }
  const ZonePlace p = (*places)[position];
  std::vector<uint8_t> body(8 + data.size());
  put_be(body, 0, offset, 2);
  put_be(body, 2, data.size(), 2);
  put_be(body, 4, counter.value_or(0), 4);
  for (size_t i = 0; i < data.size(); ++i) body[8 + i] = data[i];
  program(kJournalRange, body);
  const uint8_t what = static_cast<uint8_t>((data.empty() ? 0 : kJournalHasData) | (counter ? kJournalHasCounter : 0) |
                                            (access_byte ? kJournalHasAccess : 0));
  const std::array<uint8_t, 4> commit{kCommitMarker, static_cast<uint8_t>(position), what, access_byte.value_or(0)};
  program(kJournalOffset, commit);
  if (!data.empty()) program(p.data + offset, data);
  if (counter) program(p.record + kZoneRecordCounter, be32(*counter));
  if (access_byte) program(p.record + kZoneRecordAccess, access_word(*access_byte));
  program(kJournalOffset, kNoJournal);
}

void StateStore::write_zone_direct(size_t position, size_t offset, std::span<const uint8_t> data,
                                   std::optional<uint8_t> access_byte) {
  settle_zone_journal();
  const auto places = zone_places(nvm_.bytes());
  if (!places || position >= places->size() || offset + data.size() > (*places)[position].length) {
    throw std::logic_error("zone write outside the zone");
  }
  const ZonePlace p = (*places)[position];
  if (!data.empty()) program(p.data + offset, data);
  if (access_byte) program(p.record + kZoneRecordAccess, access_word(*access_byte));
}

}  // namespace kb::sim::stsafe_a120
