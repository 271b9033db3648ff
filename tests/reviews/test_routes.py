import pytest

from tests.reviews.docapp.routes import MEMO
from zhuanji.orgs.models import Organisation
from zhuanji.reviews.routes import Node, Route, all_routes, get_route, register


def _route(key="docapp.memo", nodes=None):
    nodes = nodes if nodes is not None else (Node("a", "甲", resolve=lambda case, doc: Organisation.objects.none()),)
    return Route(key=key, label="测试", nodes=nodes, get_document=lambda case: None, detail_url=lambda case: "/")


def test_registry_round_trip():
    assert get_route("docapp.memo") is MEMO
    assert MEMO in all_routes()
    assert register(MEMO) is MEMO  # registering the same route again (e.g. a second ready()) is harmless
    with pytest.raises(LookupError):
        get_route("no.such.route")


def test_a_different_route_under_a_taken_key_is_refused():
    with pytest.raises(ValueError):
        register(_route())


def test_route_shape_is_checked():
    with pytest.raises(ValueError):
        _route("x.empty", nodes=())
    node = Node("a", "甲", resolve=lambda case, doc: Organisation.objects.none())
    with pytest.raises(ValueError):
        _route("x.twice", nodes=(node, node))


def test_node_navigation():
    assert [n.key for n in MEMO.nodes] == ["unit", "recommender", "office"]
    assert [n.key for n in MEMO.nodes_after("unit")] == ["recommender", "office"]
    assert MEMO.nodes_after("office") == ()
    assert MEMO.nodes_after(None) == MEMO.nodes
    assert MEMO.last.key == "office"
    assert MEMO.node("recommender").choose is True
