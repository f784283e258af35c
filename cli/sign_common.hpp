// What `xml sign` and `pdf sign` share: opening the signer and reporting the batch (spec/cli.md JSON).
#pragma once

#include <kyso/batch/batch.hpp>
#include <kyso/keys/signer.hpp>

#include <memory>
#include <string>

namespace kyso::cli {

struct SignerArgs {
    std::string key, pass;
    unsigned token_sessions = 0;
};

// Opens the signer; on failure prints the error (and the JSON shape when asked) and returns the exit code.
Result<std::unique_ptr<keys::Signer>> open_signer_for(const SignerArgs& args, std::size_t inputs, bool json,
                                                      int& exit_code);

// Prints the results (text or JSON) and returns the exit code.
int report_sign_results(const batch::Summary& summary, std::size_t inputs, bool json, const keys::Signer& signer);

}  // namespace kyso::cli
