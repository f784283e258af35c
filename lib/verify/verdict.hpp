// The verdict of one signature from its findings (private): the most severe finding decides.
#pragma once

#include <kyso/verify/report.hpp>

#include <string>
#include <vector>

namespace kyso::verify {

// Collects findings; the most severe decides the verdict (ETSI EN 319 102-1: a TOTAL_FAILED finding
// outranks an INDETERMINATE one; among equals, the first found — structure before crypto before chain).
class Verdict {
public:
    void add(Indication i, SubIndication s, std::string why) {
        const int rank = i == Indication::total_failed ? 2 : i == Indication::indeterminate ? 1 : 0;
        if (rank > m_rank) {
            m_rank = rank;
            m_indication = i;
            m_sub = s;
        }
        m_errors.push_back(std::move(why));
    }
    void apply(SignatureReport& r) {
        r.indication = m_indication;
        r.sub_indication = m_sub;
        r.errors.insert(r.errors.end(), m_errors.begin(), m_errors.end());
    }
    bool failed() const { return m_rank == 2; }

private:
    int m_rank = 0;
    Indication m_indication = Indication::total_passed;
    SubIndication m_sub = SubIndication::none;
    std::vector<std::string> m_errors;
};

}  // namespace kyso::verify
