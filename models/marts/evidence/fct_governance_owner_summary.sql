{#- Per decision owner and forum: decisions taken, open, overdue, done on time, done late
    and dropped, on the as-of date (fct_governance_decisions). -#}
with

decisions as (

    select * from {{ ref('fct_governance_decisions') }}

),

final as (

    select
        owner,
        forum,
        owner || '|' || forum as owner_forum_id,
        count(*) as decisions,
        count(case when status = 'open' then 1 end) as open_decisions,
        count(case when is_overdue then 1 end) as overdue_decisions,
        count(case when status = 'done' then 1 end) as done_decisions,
        count(case when is_done_on_time then 1 end) as done_on_time_decisions,
        count(case when is_done_late then 1 end) as done_late_decisions,
        count(case when status = 'dropped' then 1 end) as dropped_decisions,
        cast(count(case when is_done_on_time then 1 end) as double)
        / nullif(count(case when status = 'done' then 1 end), 0) as on_time_rate,
        max(case when is_overdue then days_overdue end) as max_days_overdue
    from decisions
    group by 1, 2, 3

)

select * from final
