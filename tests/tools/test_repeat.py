"""make test-repeat compares what a reader sees of two runs (d2l_build/repeat.py)."""

from d2l_build.repeat import coalesced, differences, fingerprint


def stream(text, name='stdout'):
    return {'output_type': 'stream', 'name': name, 'text': text}


def run_of(*outputs):
    return [('print(...)', {}, [fingerprint(o) for o in coalesced(outputs)])]


def test_a_print_flushed_in_pieces_is_the_same_output():
    whole = run_of(stream('size check: True\n'))
    pieces = run_of(stream('size check:'), stream(' True\n'))
    assert differences(whole, pieces) == []


def test_other_text_or_another_stream_still_differs():
    whole = run_of(stream('size check: True\n'))
    assert differences(whole, run_of(stream('size check: False\n')))
    assert differences(
        whole, run_of(stream('size check:'), stream(' True\n', 'stderr'))
    )


def test_streams_are_not_joined_across_a_figure():
    figure = {'output_type': 'display_data', 'data': {'text/plain': '<Figure>'}}
    apart = coalesced([stream('a\n'), figure, stream('b\n')])
    assert [o['output_type'] for o in apart] == ['stream', 'display_data', 'stream']
