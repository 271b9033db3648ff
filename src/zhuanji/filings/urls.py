from django.urls import path

from .views import committee, home, office, shared

app_name = "filings"
urlpatterns = [
    # The committee (评审机构): 我的主页, 我的备案 and the seven steps, 设置时间.
    path("home/", home.committee_home, name="home"),
    path("mine/", committee.filing_list, name="list"),
    path("new/", committee.filing_new, name="new"),
    path("<id:pk>/step/<int:step>/", committee.filing_step, name="step"),
    path("<id:pk>/items/<id:item_pk>/plan/", committee.filing_item_plan, name="item_plan"),
    path("<id:pk>/plan/", committee.filing_plan_all, name="plan_all"),
    path("<id:pk>/attachments/", committee.filing_attachment_upload, name="attachment_upload"),
    path("<id:pk>/attachments/<id:attachment_pk>/delete/", committee.filing_attachment_delete,
         name="attachment_delete"),
    path("<id:pk>/submit/", committee.filing_submit, name="submit"),
    path("<id:pk>/delete/", committee.filing_delete, name="delete"),
    path("<id:pk>/cancel/", committee.filing_cancel, name="cancel"),
    path("windows/", home.window_list, name="windows"),
    path("<id:pk>/windows/<id:series_pk>/", home.window_set, name="window_set"),
    # The title office: 待审核备案 and 备案查询.
    path("review/", office.filing_queue, name="queue"),
    path("query/", office.filing_query, name="query"),
    # One filing's page, for its committee and the office it reached.
    path("<id:pk>/", shared.filing_detail, name="detail"),
]
