"""The chat's rules, called directly: handover, closing notice, badge counts, canned replies."""

from decimal import Decimal

import pytest

from commerce.accounts.roles import AGENT
from core.money import format_money
from livechat import selectors, services
from livechat.demo import DEMO_CANNED_REPLIES, seed_canned_replies
from livechat.models import CannedReply, Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_agent(make_user):
    return make_user(AGENT, first_name="Bea", last_name="Backup")


@pytest.fixture
def conversation(customer):
    conversation = services.start_conversation(customer=customer)
    services.post_message(conversation=conversation, sender=customer, role=Message.Role.CUSTOMER, body="Hello?")
    return conversation


def notices(conversation):
    return list(conversation.messages.filter(sender_role=Message.Role.SYSTEM).values_list("body", flat=True))


def test_an_agent_hands_their_conversation_to_another_agent_and_the_customer_is_told(conversation, agent, second_agent):
    services.assign_conversation(conversation=conversation, agent=agent)

    services.hand_over_conversation(conversation=conversation, from_agent=agent, to_agent=second_agent)

    conversation.refresh_from_db()
    assert (conversation.status, conversation.assigned_agent) == (Conversation.Status.ASSIGNED, second_agent)
    assert notices(conversation) == ["Alex handed this conversation to Bea, who will answer you here."]


@pytest.mark.parametrize("holder", ["nobody", "second_agent"])
def test_a_conversation_not_yours_cannot_be_handed_over(conversation, agent, second_agent, make_user, holder):
    if holder == "second_agent":
        services.assign_conversation(conversation=conversation, agent=second_agent)
    with pytest.raises(services.ChatRefused, match="holding"):
        services.hand_over_conversation(conversation=conversation, from_agent=agent, to_agent=make_user(AGENT))
    conversation.refresh_from_db()
    assert conversation.assigned_agent == (second_agent if holder == "second_agent" else None)
    assert notices(conversation) == []


def test_non_agents_can_neither_hand_over_nor_receive_a_conversation(conversation, agent, customer, second_agent):
    services.assign_conversation(conversation=conversation, agent=agent)
    with pytest.raises(services.ChatRefused, match="Only agents"):
        services.hand_over_conversation(conversation=conversation, from_agent=customer, to_agent=second_agent)
    with pytest.raises(services.ChatRefused, match="only be handed to an agent"):
        services.hand_over_conversation(conversation=conversation, from_agent=agent, to_agent=customer)
    second_agent.is_active = False
    second_agent.save()
    with pytest.raises(services.ChatRefused, match="only be handed to an agent"):
        services.hand_over_conversation(conversation=conversation, from_agent=agent, to_agent=second_agent)
    conversation.refresh_from_db()
    assert conversation.assigned_agent == agent


def test_a_closed_conversation_cannot_be_handed_over(conversation, agent, second_agent):
    services.assign_conversation(conversation=conversation, agent=agent)
    services.close_conversation(conversation=conversation, agent=agent)
    with pytest.raises(services.ChatRefused, match="closed"):
        services.hand_over_conversation(conversation=conversation, from_agent=agent, to_agent=second_agent)


def test_closing_leaves_the_customer_a_notice_once(conversation, agent):
    services.close_conversation(conversation=conversation, agent=agent)
    services.close_conversation(conversation=conversation, agent=agent)

    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CLOSED
    assert notices(conversation) == ["Alex closed this conversation. Write again any time to start a new one."]
    assert conversation.messages.last().sender_role == Message.Role.SYSTEM


def test_the_badge_counts_waiting_conversations_and_the_agents_own_unread_ones(
    customer, make_user, agent, second_agent
):
    def chat(body):
        conversation = services.start_conversation(customer=make_user())
        services.post_message(conversation=conversation, sender=None, role=Message.Role.CUSTOMER, body=body)
        return conversation

    waiting = [chat("one"), chat("two")]
    mine_unread, mine_read, theirs = chat("three"), chat("four"), chat("five")
    for conversation in (mine_unread, mine_read):
        services.assign_conversation(conversation=conversation, agent=agent)
    services.assign_conversation(conversation=theirs, agent=second_agent)
    services.mark_read(conversation=mine_read, reader_role=Message.Role.AGENT, up_to_id=mine_read.messages.last().pk)
    services.close_conversation(conversation=chat("six"), agent=agent)

    assert selectors.badge_count(agent=agent) == len(waiting) + 1
    assert selectors.badge_count(agent=second_agent) == len(waiting) + 1
    services.close_conversation(conversation=waiting[0], agent=agent)
    assert selectors.badge_count(agent=agent) == 2


def test_agents_to_hand_over_to_are_every_other_active_agent_online_first(agent, second_agent, make_user, customer):
    third = make_user(AGENT, first_name="Cy", last_name="Third")
    make_user(AGENT, first_name="Gone", is_active=False)
    services.agent_connected(channel_name="third-socket", agent=third)

    choices = selectors.handover_agents(exclude=agent)

    assert [(c["id"], c["online"]) for c in choices] == [(third.pk, True), (second_agent.pk, False)]


def test_the_customers_recent_orders_come_with_totals_formatted_by_the_server(
    customer, conversation, make_order, make_product
):
    order = make_order(customer, [(make_product(variants=[("", "12.50", 3)]).variants.get(), 1)])

    details = selectors.customer_details(conversation=conversation)

    assert details["orders"][0]["reference"] == order.reference
    assert details["orders"][0]["total"] == format_money(order.total, order.currency)
    assert "currency" not in details["orders"][0]
    assert order.total > Decimal("12.50")  # shipping included: the figure is the order's, not the line's


def test_demo_canned_replies_are_seeded_once(db):
    from site_project.management.commands.seed_demo import DEMO_SEEDERS

    assert "livechat.demo.seed_canned_replies" in DEMO_SEEDERS
    seed_canned_replies()
    seed_canned_replies()
    assert list(CannedReply.objects.values_list("title", flat=True)) == sorted(t for t, _ in DEMO_CANNED_REPLIES)
    assert selectors.canned_replies()[0].body
